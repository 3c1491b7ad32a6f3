"""Prints the RESULTS.md tables from the study's result.json files (python3 summarize.py, in this folder)."""
import glob
import json
import os

here = os.path.dirname(os.path.abspath(__file__))
MAIN = ['prune-brown-all-minilm-l6-v2', 'prune-brown-bge-small-en-v1.5', 'prune-sentiment-all-minilm-l6-v2',
        'prune-sentiment-bge-small-en-v1.5']


def load(name):
    p = os.path.join(here, name, 'result.json')
    return json.load(open(p)) if os.path.exists(p) else None


def prune_rows(names, label):
    print('| %s | data | model | oracle dev / test | δ_LS | layers kept | after clustering | neurons kept '
          '| %% of model | final dev / test | %% of oracle | forward speed-up (s all / s kept) | probe speed-up |' % label)
    print('|' + '---|' * 13)
    for name in names:
        d = load(name)
        if d is None:
            continue
        o = d['oracle']
        for s in d['selections']:
            fin = s['final']
            print('| %s | %s | %s | %.3f / %.3f | %g | %d of %d | %d | %d | %.2f %% | %.3f / %.3f | %.1f %% '
                  '| %.2f× (%.2f / %.2f) | %.1f× |' % (
                      name.replace('prune-', ''), d['dataset'], d['models'][0], o['dev'], o['test'], s['deltaLS'],
                      s['layersKept'], len(d['layerwise']), s['neuronsAfterClustering'], s['neuronsKept'],
                      s['neuronsKeptPercentOfModel'], fin['dev'], fin['test'], 100 * fin['testRelativeToOracle'],
                      s['forwardSpeedup'], s['forwardSecondsAllLayers'], s['forwardSecondsSelectedLayers'],
                      s['probeTrainSpeedup']))


print('## clusters: removable % at t')
for f in sorted(glob.glob(os.path.join(here, 'clusters-*', 'result.json'))):
    d = json.load(open(f))
    row = {round(r['threshold'], 2): r for r in d['curve']}
    print('|', d['dataset'], '|', d['models'][0], '|', d['neurons'], '|',
          ' | '.join('%.1f %%' % row[t]['removablePercent'] for t in (0.1, 0.3, 0.5, 0.7, 0.9)), '|',
          '%d / %d' % (row[0.3]['crossLayerClustersOfOneUnitIndex'], row[0.3]['multiNeuronClusters']), '|',
          '%.1f s + %.1f s' % (d['correlationSeconds'], d['linkageSeconds']), '|')

print('\n## prune (main)')
prune_rows(MAIN, 'run')
print('\n## prune (variations)')
extra = sorted(os.path.basename(os.path.dirname(f)) for f in glob.glob(os.path.join(here, 'prune-*', 'result.json')))
prune_rows([e for e in extra if e not in MAIN], 'variation')

print('\n## similarity: mean off-diagonal, adjacent layers')
for f in sorted(glob.glob(os.path.join(here, 'sim*', 'result.json'))):
    d = json.load(open(f))
    for m in d['matrices']:
        if 'meanOffDiagonal' in m:
            adj = ['-' if a is None else '%.2f' % a for a in m['adjacentLayers']]
            print('|', d['dataset'], '|', d['measure'], '|', m['rowsModel'], '|', '%.3f' % m['meanOffDiagonal'], '|',
                  ' '.join(adj), '|')
