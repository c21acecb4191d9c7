/** The part of unzipper (exceljs's own zip reader) Haven uses: random access to a zip's entries. */
declare module 'unzipper' {
  type Entry = { path: string; stream(): NodeJS.ReadableStream };
  const unzipper: { Open: { file(path: string): Promise<{ files: Entry[] }> } };
  export default unzipper;
}
