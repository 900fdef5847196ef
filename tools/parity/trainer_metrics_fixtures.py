"""Writes packages/trainer/test/fixtures/metrics.json: scikit-learn's accuracy_score,
confusion_matrix and precision/recall/F-beta on random label vectors.

    /usr/bin/python3 tools/parity/trainer_metrics_fixtures.py
"""
import json
import os
import warnings

import numpy as np
import sklearn
from sklearn.metrics import accuracy_score, confusion_matrix, precision_recall_fscore_support

warnings.filterwarnings('ignore')
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', '..', 'packages', 'trainer', 'test', 'fixtures', 'metrics.json')
rng = np.random.default_rng(7)


def prf(t, p, **kw):
    pr, rc, f, s = precision_recall_fscore_support(t, p, **kw)
    tolist = lambda v: v.tolist() if isinstance(v, np.ndarray) else float(v)
    return {'precision': tolist(pr), 'recall': tolist(rc), 'fScore': tolist(f),
            'support': None if s is None else s.tolist()}


cases = []
for k, (n, classes) in enumerate([(6, 3), (20, 2), (50, 4), (100, 10), (7, 5), (30, 3), (12, 2)]):
    t = rng.integers(0, classes, n)
    # Predictions right ~60% of the time; some classes may never be predicted (zero division).
    p = np.where(rng.random(n) < 0.6, t, rng.integers(0, classes, n))
    if k == 4:
        p[:] = 0
    case = {'yTrue': t.tolist(), 'yPred': p.tolist(),
            'accuracy': accuracy_score(t, p), 'correct': int(accuracy_score(t, p, normalize=False)),
            'confusion': confusion_matrix(t, p).tolist(), 'prf': []}
    averages = [None, 'macro', 'micro', 'weighted'] + (['binary'] if classes == 2 else [])
    for avg in averages:
        for zd in ('warn', 0, 1):
            for beta in (1.0, 0.5, 2.0):
                case['prf'].append({'average': avg, 'zeroDivision': zd, 'beta': beta,
                                    'result': prf(t, p, average=avg, zero_division=zd, beta=beta)})
    if classes > 2:
        labels = [classes - 1, 0]
        case['prf'].append({'average': 'macro', 'zeroDivision': 'warn', 'beta': 1.0, 'labels': labels,
                            'result': prf(t, p, average='macro', labels=labels)})
        case['confusionLabels'] = {'labels': labels, 'result': confusion_matrix(t, p, labels=labels).tolist()}
    cases.append(case)

with open(OUT, 'w') as f:
    json.dump({'sklearn': sklearn.__version__, 'cases': cases}, f)
    f.write('\n')
print('wrote', os.path.relpath(OUT), len(cases), 'cases')
