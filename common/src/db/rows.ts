/**
 * The rows of a `DataSource.query` / `EntityManager.query` answer. TypeORM answers UPDATE and DELETE … RETURNING
 * with `[rows, affected count]` and every other statement with the rows, so `answer[0]` of an UPDATE is the row
 * array, not its first row; read such answers through this.
 */
export function rowsOf<T>(answer: unknown): T[] {
  if (Array.isArray(answer) && answer.length === 2 && Array.isArray(answer[0]) && typeof answer[1] === "number") return answer[0] as T[];
  return Array.isArray(answer) ? (answer as T[]) : [];
}
