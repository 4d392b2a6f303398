"""Who waits in a frame: reads a speedscope file (`dotnet-trace convert X.nettrace --format speedscope`) and prints the
share of sampled thread time under the innermost frame matching TARGET, grouped by its DEPTH callers.
Usage: python3 callers.py FILE.speedscope.json TARGET [DEPTH]   e.g. TARGET=Monitor.Enter_Slowpath"""
import json, collections, sys
d = json.load(open(sys.argv[1]))
frames = [f['name'] for f in d['shared']['frames']]
target = sys.argv[2]
depth = int(sys.argv[3]) if len(sys.argv) > 3 else 6
callers = collections.Counter(); total = 0; tw = 0
for p in d['profiles']:
    if p['type'] == 'evented':
        # convert evented to stacks with durations
        stack = []; last = None
        for e in p['events']:
            t = e['at']
            if stack and last is not None:
                dur = t - last
                names = [frames[i] for i in stack]
                total += dur
                for k in range(len(names)-1, -1, -1):
                    if target in names[k]:
                        tw += dur
                        chain = ' <- '.join(n[:90] for n in reversed(names[max(0,k-depth):k]))
                        callers[chain] += dur
                        break
            last = t
            if e['type'] == 'O': stack.append(e['frame'])
            else: stack.pop()
    else:
        for s, w in zip(p['samples'], p['weights']):
            names = [frames[i] for i in s]
            total += w
            for k in range(len(names)-1, -1, -1):
                if target in names[k]:
                    tw += w
                    chain = ' <- '.join(n[:90] for n in reversed(names[max(0,k-depth):k]))
                    callers[chain] += w
                    break
print(f"{target}: {100*tw/total:.1f}% of sampled thread time")
for c, w in callers.most_common(15):
    print(f"{100*w/total:5.1f}%  {c}")
