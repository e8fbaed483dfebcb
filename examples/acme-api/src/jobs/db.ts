type Row = { id: string; status: string };
const rows = new Map<string, Row>();

export const db = {
  jobs: {
    async update({ where, data }: { where: { id: string }; data: Partial<Row> }): Promise<Row> {
      const row = { ...(rows.get(where.id) ?? { id: where.id, status: 'queued' }), ...data };
      rows.set(where.id, row);
      return row;
    },
  },
};
