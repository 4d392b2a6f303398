namespace ControlPlane.Bench.PlaceE2e;

/// <summary>What the clients did, shared between them: operations by kind with their latencies, failures, pairs and tiers.</summary>
internal sealed class Tally
{
    private readonly Lock _gate = new();
    private readonly Dictionary<E2eOperation, List<double>> _ms = Enum.GetValues<E2eOperation>().ToDictionary(o => o, _ => new List<double>());
    private readonly Dictionary<E2eOperation, int> _done = Enum.GetValues<E2eOperation>().ToDictionary(o => o, _ => 0);

    public int Failed { get; private set; }

    public int Pairs { get; private set; }

    public int BestTier { get; private set; }

    public int Creates => Count(E2eOperation.Create);

    public int Scales => Count(E2eOperation.Scale);

    public int Deletes => Count(E2eOperation.Delete);

    public void Done(E2eOperation op, double ms, bool measured)
    {
        lock (_gate)
        {
            _done[op]++;
            if (measured)
            {
                _ms[op].Add(ms);
            }
        }
    }

    public void Fail(E2eOperation op, string why)
    {
        lock (_gate)
        {
            if (++Failed <= 3)
            {
                Console.Error.WriteLine(why.Length > 4000 ? why[..4000] : why);
            }
        }
    }

    public void Placed(bool bestTier)
    {
        lock (_gate)
        {
            Pairs++;
            BestTier += bestTier ? 1 : 0;
        }
    }

    public IEnumerable<(E2eOperation Op, List<double> Ms)> ByOperation()
    {
        lock (_gate)
        {
            return [.. _ms.Select(e => (e.Key, e.Value.ToList()))];
        }
    }

    private int Count(E2eOperation op)
    {
        lock (_gate)
        {
            return _done[op];
        }
    }
}
