// Writes tests/fixtures/fsrs-vectors.json: review sequences scheduled by the real ts-fsrs
// (MIT, https://github.com/open-spaced-repetition/ts-fsrs), the reference for the FSRS-6
// scheduler in docs/assets/quiz/quiz.js (tests/browser/test_fsrs_browser.py replays them there).
//
// Re-run (needs node >= 18 and network once; nothing is installed in the repository):
//   cd /tmp && npm install ts-fsrs@5.4.2
//   node scripts/dev/fsrs_vectors.mjs /tmp/node_modules/ts-fsrs
//
// Settings are quiz.js's: FSRS-6 default parameters, desired retention 0.9, no fuzz (the
// schedule is deterministic), the library's short-term scheduler with one learning step (1m)
// and its default relearning step (10m).  Grades: a right answer is Good (3), a wrong one
// Again (1); Hard (2) is never given (quiz.js computes it only for the library's Hard < Good
// interval rule).  Times are UTC: ts-fsrs counts elapsed days between UTC dates.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const pkg = process.argv[2];
if (!pkg) {
  console.error("usage: node scripts/dev/fsrs_vectors.mjs PATH/TO/node_modules/ts-fsrs");
  process.exit(2);
}
const version = JSON.parse(readFileSync(join(pkg, "package.json"), "utf8")).version;
const { fsrs, createEmptyCard, Rating, State, default_w } = await import(
  pathToFileURL(join(pkg, "dist", "index.mjs")).href
);

const SETTINGS = {
  request_retention: 0.9,
  enable_fuzz: false,
  enable_short_term: true,
  learning_steps: ["1m"],
  relearning_steps: ["10m"],
};
const H = 3600e3;
// Each sequence: a start (UTC) and steps [grade, "after" | "due", hours]: the answer comes
// that many hours after the previous answer, or after the previous due time.
const SEQUENCES = {
  "wrong, right the same day, then right on every due day": [
    "2025-03-03T01:00:00Z",
    [["again", "after", 0], ["good", "after", 0.5], ["good", "due", 0], ["good", "due", 2], ["good", "due", 0], ["good", "due", 5]],
  ],
  "wrong, right next day, lapse, relearnt the same hour, late and early reviews": [
    "2025-06-10T09:15:00Z",
    [["again", "after", 0], ["good", "after", 26], ["good", "due", 1], ["again", "due", 3], ["good", "after", 0.3], ["good", "due", 72], ["good", "after", 24]],
  ],
  "repeated misses": [
    "2025-01-20T14:00:00Z",
    [["again", "after", 0], ["again", "after", 0.1], ["again", "after", 0.2], ["good", "after", 48], ["again", "due", 0], ["again", "after", 30], ["good", "after", 1], ["good", "due", 0], ["again", "due", 0], ["good", "due", 0]],
  ],
  "answers either side of UTC midnight": [
    "2025-09-30T23:50:00Z",
    [["again", "after", 0], ["good", "after", 0.4], ["good", "due", -23.9], ["again", "after", 0.25], ["good", "after", 23.5], ["good", "due", 0]],
  ],
  "right again the same day it graduated (short-term review)": [
    "2025-04-01T02:00:00Z",
    [["again", "after", 0], ["good", "after", 0.2], ["good", "after", 1], ["good", "after", 2], ["good", "due", 0], ["again", "after", 0.5], ["good", "after", 0.5]],
  ],
  "a long run of right answers": [
    "2024-12-01T08:00:00Z",
    [["again", "after", 0], ...Array.from({ length: 14 }, () => ["good", "due", 1])],
  ],
  "a first answer right (no record kept as wrong before)": [
    "2025-05-05T05:05:00Z",
    [["good", "after", 0], ["good", "due", 0], ["again", "due", 10], ["good", "after", 0.2], ["good", "due", 0]],
  ],
};

const f = fsrs(SETTINGS);
const out = {
  about:
    "FSRS-6 review sequences scheduled by ts-fsrs; written by scripts/dev/fsrs_vectors.mjs (see there). " +
    "Times are ms since the epoch (UTC); due_ms - at_ms gives the interval; state: 1 learning, 2 review, 3 relearning.",
  library: `ts-fsrs ${version}`,
  settings: SETTINGS,
  w: Array.from(default_w),
  sequences: [],
};
for (const [name, [start, steps]] of Object.entries(SEQUENCES)) {
  let at = Date.parse(start);
  let card = createEmptyCard(new Date(at));
  const rows = [];
  steps.forEach(([grade, mode, hours], i) => {
    if (i) at = (mode === "due" ? card.due.getTime() : at) + hours * H;
    card = f.next(card, new Date(at), grade === "good" ? Rating.Good : Rating.Again).card;
    rows.push({
      grade,
      at_ms: at,
      state: card.state,
      stability: card.stability,
      difficulty: card.difficulty,
      due_ms: card.due.getTime(),
      scheduled_days: card.scheduled_days,
    });
  });
  if (rows.some((r) => r.state === State.New)) throw new Error(`${name}: a card left in state New`);
  out.sequences.push({ name, steps: rows });
}
const here = dirname(fileURLToPath(import.meta.url));
const target = join(here, "..", "..", "tests", "fixtures", "fsrs-vectors.json");
writeFileSync(target, JSON.stringify(out, null, 1) + "\n");
console.log(`wrote ${target}: ${out.sequences.length} sequences, ${out.sequences.reduce((n, s) => n + s.steps.length, 0)} steps (ts-fsrs ${version})`);
