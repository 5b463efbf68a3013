import { loadConfig } from '../../src/config';
import { connectNeo4j } from '../../src/neo4j/connect';

/** The NEO4J_URI path: any Neo4j 5 by URI, with the same code the service runs. */
describe('connecting to Neo4j by URI', () => {
  const base = () => ({
    NEO4J_USERNAME: process.env.NEO4J_TEST_USERNAME,
    NEO4J_PASSWORD: process.env.NEO4J_TEST_PASSWORD,
    NEO4J_DATABASE: process.env.NEO4J_TEST_DATABASE,
  });

  it.each(['bolt', 'neo4j'])(
    'connects through a %s:// URI and reads in read transactions',
    async (scheme) => {
      const uri = process.env.NEO4J_TEST_URI!.replace(/^bolt:/, `${scheme}:`);
      const lines: string[] = [];
      const connection = await connectNeo4j(loadConfig({ ...base(), NEO4J_URI: uri }), (l) => lines.push(l));
      try {
        expect(connection.embedded).toBeNull();
        expect(lines).toEqual([`Using Neo4j at ${uri} (database neo4j)`]);
        // A write statement in a read transaction is refused by the server: proof that reads are routed as reads.
        await expect(connection.db.read("CREATE (:Probe {id: 'x'})")).rejects.toThrow(/read/i);
        const [row] = await connection.db.read<{ one: number }>('RETURN 1 AS one');
        expect(row).toEqual({ one: 1 });
      } finally {
        await connection.close();
      }
    },
  );

  it('fails with the server’s message when the password is wrong, and starts no embedded Neo4j', async () => {
    const config = loadConfig({
      ...base(),
      NEO4J_URI: process.env.NEO4J_TEST_URI,
      NEO4J_PASSWORD: 'wrong-password',
    });
    await expect(connectNeo4j(config, () => undefined)).rejects.toThrow(/unauthorized|authentication/i);
  });
});
