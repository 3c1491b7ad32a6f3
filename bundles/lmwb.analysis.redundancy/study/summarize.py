"""Prints the RESULTS.md tables from the study's result.json files (python3 summarize.py, in this folder)."""
import glob
import json
import os

here = os.path.dirname(os.path.abspath(__file__))


def load(name):
    p = os.path.join(here, name, 'result.json')
    return json.load(open(p)) if os.path.exists(p) else None


print('## clusters: removable % at t (clusters / neurons)')
for f in sorted(glob.glob(os.path.join(here, 'clusters-*', 'result.json'))):
    d = json.load(open(f))
    row = {round(r['threshold'], 2): r for r in d['curve']}
    print('|', d['dataset'], '|', d['models'][0], '|', d['neurons'], '|',
          ' | '.join('%.1f' % row[t]['removablePercent'] for t in (0.1, 0.3, 0.5, 0.7, 0.9)), '|',
          '%d/%d' % (row[0.3]['crossLayerClustersOfOneUnitIndex'], row[0.3]['multiNeuronClusters']), '|',
          '%.1f + %.1f s' % (d['correlationSeconds'], d['linkageSeconds']), '|')

print('\n## prune')
for f in sorted(glob.glob(os.path.join(here, 'prune-*', 'result.json'))):
    d = json.load(open(f))
    o = d['oracle']
    for s in d['selections']:
        fin = s['final']
        print('| %s | %s | %s | %.4f / %.4f | %g,%g | %d of %d | %d | %d | %.2f %% | %.4f | %.1f %% | %.2fx | %.1fx |' % (
            d['dataset'], d['models'][0], os.path.basename(os.path.dirname(f)), o['dev'], o['test'], s['deltaLS'],
            s['deltaFS'], s['layersKept'], len(d['layerwise']), s['neuronsAfterClustering'], s['neuronsKept'],
            s['neuronsKeptPercentOfModel'], fin['test'], 100 * fin['testRelativeToOracle'], s['forwardSpeedup'],
            s['probeTrainSpeedup']))

print('\n## similarity: mean off-diagonal, adjacent layers')
for f in sorted(glob.glob(os.path.join(here, 'sim*', 'result.json'))):
    d = json.load(open(f))
    for m in d['matrices']:
        if 'meanOffDiagonal' in m:
            adj = ['-' if a is None else '%.2f' % a for a in m['adjacentLayers']]
            print('|', d['dataset'], '|', d['measure'], '|', m['rowsModel'], '|', '%.3f' % m['meanOffDiagonal'], '|',
                  ' '.join(adj), '|')
