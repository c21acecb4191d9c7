/**
 * Progress on stderr for long generation runs: on a terminal, one line redrawn in place with a bar,
 * the percentage and the phase; otherwise (a log, a pipe, CI) one plain line per phase.
 */

export type ProgressReporter = {
  update: (phase: string, fraction: number) => void;
  /** Ends the line (terminal) so that what follows starts on its own. */
  done: () => void;
};

type Stream = { isTTY?: boolean; columns?: number; write: (text: string) => unknown };

export function progressReporter(stream: Stream = process.stderr): ProgressReporter {
  let phase = '';
  let lastDraw = 0;
  let drawn = false;
  if (!stream.isTTY) {
    return {
      update: (next) => {
        if (next === phase) return;
        phase = next;
        stream.write(`${next}…\n`);
      },
      done: () => undefined,
    };
  }
  return {
    update: (next, fraction) => {
      const now = Date.now();
      if (next === phase && now - lastDraw < 100 && fraction < 1) return;
      phase = next;
      lastDraw = now;
      const percent = Math.max(0, Math.min(100, Math.floor(fraction * 100)));
      const width = 28;
      const filled = Math.round((percent / 100) * width);
      const line = `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${String(percent).padStart(3)}%  ${next}`;
      const columns = stream.columns ?? 100;
      stream.write(`\r${line.slice(0, columns - 1).padEnd(Math.min(columns - 1, line.length + 10))}`);
      drawn = true;
    },
    done: () => {
      if (drawn) stream.write('\n');
      drawn = false;
    },
  };
}
