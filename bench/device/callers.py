"""Who waits in a frame: reads a speedscope file (`dotnet-trace convert X.nettrace --format speedscope`) and prints the
share of sampled thread time under the innermost frame matching TARGET, grouped by its DEPTH callers.
Usage: python3 callers.py FILE.speedscope.json TARGET [DEPTH]   e.g. TARGET=Monitor.Enter_Slowpath"""
import collections, sys
from speedscope import load, stacks
frames, profiles = load(sys.argv[1])
target = sys.argv[2]
depth = int(sys.argv[3]) if len(sys.argv) > 3 else 6
callers = collections.Counter(); total = 0.0; under = 0.0

for p in profiles:
    for stack, w in stacks(p):
        names = [frames[i] for i in stack]
        total += w
        for k in range(len(names) - 1, -1, -1):
            if target in names[k]:
                under += w
                callers[' <- '.join(n[:90] for n in reversed(names[max(0, k - depth):k]))] += w
                break
print(f"{target}: {100 * under / total:.1f}% of sampled thread time")
for chain, w in callers.most_common(15):
    print(f"{100 * w / total:5.1f}%  {chain}")
