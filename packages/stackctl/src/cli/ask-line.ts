// Asks one question on the terminal and reads one line of answer from stdin.
import readline from 'node:readline';

/** Whether stdin is a terminal a person can answer on. */
export function stdinIsTerminal(): boolean {
  return process.stdin.isTTY === true;
}

/** Writes `question` with `write`, resolves with the line typed (null at end of input). */
export function askLine(question: string, write: (text: string) => void): Promise<string | null> {
  write(question);
  return new Promise((resolve) => {
    const rl = readline.createInterface({ input: process.stdin, terminal: false });
    let answered = false;
    rl.once('line', (line) => {
      answered = true;
      rl.close();
      resolve(line);
    });
    rl.once('close', () => {
      process.stdin.pause();
      if (!answered) resolve(null);
    });
  });
}
