/**
 * `npx tsx test/eval/split-natural-questions.ts [all.json]`: splits the natural question set into its tuning and held-back
 * halves, stratified by kind and language, with a fixed seeded shuffle, and writes natural-questions.tuning.json and
 * natural-questions.holdout.json. Without an argument it re-splits the two committed files (the result is the same
 * split, so running it is a check, not a change). Adding questions and re-running moves questions between halves:
 * only do it before anyone has tuned on the new questions.
 */
import fs from 'node:fs';
import { loadQuestionFile, QUESTION_FILES, type EvalQuestion } from './question-sets.js';
import { seededRandom } from '../../scripts/lib/seeded-random.js';

const SEED = 11;

function splitQuestions(questions: EvalQuestion[]): { tuning: EvalQuestion[]; holdout: EvalQuestion[] } {
  const random = seededRandom(SEED);
  const strata = new Map<string, EvalQuestion[]>();
  for (const question of [...questions].sort((a, b) => a.id.localeCompare(b.id))) {
    const key = `${question.kind}/${question.language ?? 'da'}`;
    strata.set(key, [...(strata.get(key) ?? []), question]);
  }
  const tuning: EvalQuestion[] = [];
  const holdout: EvalQuestion[] = [];
  let oddGoesToTuning = true;
  for (const key of [...strata.keys()].sort()) {
    const members = strata.get(key)!;
    for (let i = members.length - 1; i > 0; i -= 1) {
      const j = Math.floor(random() * (i + 1));
      [members[i], members[j]] = [members[j], members[i]];
    }
    const tuningCount = members.length % 2 === 0 ? members.length / 2 : (members.length + (oddGoesToTuning ? 1 : -1)) / 2;
    if (members.length % 2 === 1) oddGoesToTuning = !oddGoesToTuning;
    tuning.push(...members.slice(0, tuningCount));
    holdout.push(...members.slice(tuningCount));
  }
  const byId = (a: EvalQuestion, b: EvalQuestion) => a.id.localeCompare(b.id);
  return { tuning: tuning.sort(byId), holdout: holdout.sort(byId) };
}

function main(): void {
  const input = process.argv[2];
  const questions = input
    ? loadQuestionFile(input)
    : [...loadQuestionFile(QUESTION_FILES['natural-tuning']), ...loadQuestionFile(QUESTION_FILES['natural-holdout'])];
  const { tuning, holdout } = splitQuestions(questions);
  fs.writeFileSync(QUESTION_FILES['natural-tuning'], `${JSON.stringify(tuning, null, 2)}\n`);
  fs.writeFileSync(QUESTION_FILES['natural-holdout'], `${JSON.stringify(holdout, null, 2)}\n`);
  console.log(`natural questions: ${tuning.length} tuning, ${holdout.length} held back`);
}

main();
