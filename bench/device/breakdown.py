"""Where a request's thread time goes: reads a speedscope file (`dotnet-trace convert X.nettrace --format speedscope`
of a dotnet-sampled-thread-time trace), keeps the samples of threads running managed code (leaf frame CPU_TIME; waits,
native code and the GC's own threads are UNMANAGED_CODE_TIME and left out), and prints the share of those samples whose innermost named frame is each group's, and microseconds per request
given REQUESTS handled during the trace.
Usage: python3 breakdown.py FILE.speedscope.json REQUESTS NAME=frame-substring ..."""
import sys
from speedscope import load, stacks
frames, profiles = load(sys.argv[1])
requests = float(sys.argv[2])
groups = [a.split('=', 1) for a in sys.argv[3:]]
BASE = ('System.Private.CoreLib!', 'System.Collections', 'System.Linq!', 'System.Runtime!', 'System.Memory!', 'Missing Symbol')
busy = 0.0; per = {name: 0.0 for name, _ in groups}


def add(stack, w):
    global busy
    names = [frames[i] for i in stack]
    if not names or names[-1] != 'CPU_TIME':
        return
    busy += w
    # Each sample counts once, for its innermost frame outside the base library (collections, tasks, spans are
    # the caller's work): the figures are each part's own time and add up to the whole.
    for n in reversed(names):
        if n == 'CPU_TIME' or n.startswith(BASE):
            continue
        hit = next((name for name, sub in groups if sub in n), None) or (
            'thread pool: dispatch and spinning for work' if n.startswith('Thread (') else '(other) ' + n.split('!')[0])
        per[hit] = per.get(hit, 0.0) + w
        return
    per['(base library only)'] = per.get('(base library only)', 0.0) + w


for p in profiles:
    for stack, w in stacks(p):
        add(stack, w)
unit = 1e-3 if profiles[0].get('unit') == 'milliseconds' else 1e-6
print(f"managed CPU time {busy * unit:.2f} s over {requests:.0f} requests: {busy * unit / requests * 1e6:.1f} us each")
for name in sorted(per, key=per.get, reverse=True):
    print(f"{name:60s} {100 * per[name] / busy:5.1f} %  {per[name] * unit / requests * 1e6:6.1f} us")
