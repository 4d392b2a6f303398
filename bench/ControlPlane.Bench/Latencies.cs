namespace ControlPlane.Bench;

/// <summary>Collected request latencies and their percentiles.</summary>
public sealed class Latencies(int capacity)
{
    private readonly double[] _ms = new double[capacity];
    private int _count;

    public int Count => _count;

    public void Add(double ms) => _ms[Interlocked.Increment(ref _count) - 1] = ms;

    public double Percentile(double p)
    {
        if (_count == 0)
        {
            return double.NaN;
        }

        var sorted = Sorted();
        return sorted[Math.Min(_count - 1, (int)Math.Ceiling(p / 100 * _count) - 1)];
    }

    /// <summary>The latencies collected so far, ascending (for charts).</summary>
    public double[] Sorted()
    {
        var sorted = _ms[.._count];
        Array.Sort(sorted);
        return sorted;
    }
}
