import { tensor } from '@torchlet/core';
import {
  accuracyScore, confusionMatrix, f1Score, fbetaScore, precisionRecallFscoreSupport, precisionScore, recallScore,
  RunningMean, type Average,
} from '@torchlet/trainer';
import fixture from './fixtures/metrics.json';

function close(got: number | number[] | null, want: number | number[] | null): void {
  if (want === null || got === null) {
    expect(got).toEqual(want);
    return;
  }
  const g = Array.isArray(got) ? got : [got];
  const w = Array.isArray(want) ? want : [want];
  expect(g).toHaveLength(w.length);
  g.forEach((v, i) => expect(v).toBeCloseTo(w[i]!, 12));
}

describe('metrics match scikit-learn', () => {
  fixture.cases.forEach((c, k) => {
    it(`case ${k}: ${c.yTrue.length} samples`, () => {
      expect(accuracyScore(c.yTrue, c.yPred)).toBeCloseTo(c.accuracy, 15);
      expect(accuracyScore(tensor(c.yTrue), tensor(c.yPred), { normalize: false })).toBe(c.correct);
      expect(confusionMatrix(c.yTrue, c.yPred)).toEqual(c.confusion);
      if (c.confusionLabels) {
        expect(confusionMatrix(c.yTrue, c.yPred, { labels: c.confusionLabels.labels })).toEqual(c.confusionLabels.result);
      }
      for (const q of c.prf) {
        const opts = {
          average: q.average as Average,
          zeroDivision: q.zeroDivision as 0 | 1 | 'warn',
          beta: q.beta,
          ...('labels' in q ? { labels: q.labels as number[] } : {}),
        };
        const r = precisionRecallFscoreSupport(c.yTrue, c.yPred, opts);
        close(r.precision, q.result.precision);
        close(r.recall, q.result.recall);
        close(r.fScore, q.result.fScore);
        expect(r.support).toEqual(q.result.support);
      }
    });
  });

  it('the score helpers pick the right field', () => {
    const t = [0, 1, 2, 2, 1, 0];
    const p = [0, 2, 2, 2, 1, 1];
    const full = precisionRecallFscoreSupport(t, p, { average: null });
    expect(precisionScore(t, p, { average: null })).toEqual(full.precision);
    expect(recallScore(t, p, { average: null })).toEqual(full.recall);
    expect(f1Score(t, p, { average: null })).toEqual(full.fScore);
    expect(fbetaScore(t, p, { beta: 1, average: 'macro' })).toBeCloseTo(f1Score(t, p, { average: 'macro' }), 15);
  });

  it('rejects bad input in scikit-learn words', () => {
    expect(() => accuracyScore([0, 1], [0])).toThrow('Found input variables with inconsistent numbers of samples: [2, 1]');
    expect(() => precisionScore([0, 1, 2], [0, 1, 1])).toThrow("Target is multiclass but average='binary'");
    expect(() => precisionScore([2, 3], [2, 3])).toThrow('pos_label=1 is not a valid label. It should be one of [2, 3]');
    expect(() => accuracyScore([0.5], [0])).toThrow('class labels must be integers');
    expect(() => accuracyScore(tensor([[0, 1]]), [0, 1])).toThrow('expected a 1-D tensor of class labels');
    expect(() => confusionMatrix([0, 1], [0, 1], { labels: [5] })).toThrow('At least one label specified must be in y_true');
  });
});

describe('RunningMean', () => {
  it('weights each update', () => {
    const m = new RunningMean();
    expect(m.value).toBeNaN();
    m.update(0.5, 32).update(0.2, 16);
    expect(m.value).toBeCloseTo((0.5 * 32 + 0.2 * 16) / 48, 15);
    expect(m.count).toBe(48);
    m.reset();
    expect(m.count).toBe(0);
    expect(() => m.update(1, -1)).toThrow('RunningMean weight must be non-negative');
  });
});
