"""Reading a speedscope file written by `dotnet-trace convert X.nettrace --format speedscope`."""
import json


def load(path):
    """(frame names, profiles) of the file."""
    d = json.load(open(path))
    return [f['name'] for f in d['shared']['frames']], d['profiles']


def stacks(profile):
    """(frame indices, weight) per sample; an evented profile's open frames between two events are one sample."""
    if profile['type'] == 'evented':
        stack, last = [], None
        for e in profile['events']:
            if stack and last is not None:
                yield list(stack), e['at'] - last
            last = e['at']
            stack.append(e['frame']) if e['type'] == 'O' else stack.pop()
    else:
        yield from zip(profile['samples'], profile['weights'])
