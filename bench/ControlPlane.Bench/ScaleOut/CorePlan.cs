using System.Globalization;

namespace ControlPlane.Bench.ScaleOut;

/// <summary>
/// Which cores each process of <c>scale-out-processes</c> runs on (<c>taskset -c</c> lists): Redis first, then the load
/// generator, then <see cref="SiloCores"/> cores per silo for the most silos measured, so every silo count gets the same
/// cores per silo and adding a silo adds cores. A machine with too few cores for that overlaps them (round robin) and
/// says so: the figures are then no scale-out figures.
/// </summary>
public sealed record CorePlan(int Cores, int RedisCores, int LoadCores, int SiloCores, int MostSilos)
{
    public bool Disjoint => RedisCores + LoadCores + SiloCores * MostSilos <= Cores;

    /// <summary>
    /// Redis 1 core; the most silos share three quarters of the rest evenly; the load generator takes what is left
    /// (16 cores, 4 silos: Redis 1, silos 2 each, load generator 7).
    /// </summary>
    public static CorePlan For(int cores, int mostSilos, int? siloCores = null, int? loadCores = null, int redisCores = 1)
    {
        if (cores < 1 || mostSilos < 1 || redisCores < 1 || siloCores < 1 || loadCores < 1)
        {
            throw new ArgumentException("cores, silos, and cores per process must be at least 1");
        }

        var silo = siloCores ?? Math.Max(1, (cores - redisCores - (loadCores ?? cores / 4)) / mostSilos);
        var load = loadCores ?? Math.Max(1, cores - redisCores - (silo * mostSilos));
        return new CorePlan(cores, redisCores, load, silo, mostSilos);
    }

    public string Redis => List(0, RedisCores);

    public string Load => List(RedisCores, LoadCores);

    public string Silo(int index) => List(RedisCores + LoadCores + (index * SiloCores), SiloCores);

    public string Describe(int silos) =>
        $"redis {Redis}, load generator {Load}, silos {string.Join(" / ", Enumerable.Range(0, silos).Select(Silo))}"
        + (Disjoint ? "" : $" (OVERLAPPING: {RedisCores + LoadCores + (SiloCores * MostSilos)} cores wanted, {Cores} here — not scale-out figures)");

    /// <summary><paramref name="count"/> cores from <paramref name="first"/>, wrapped round the machine, as a taskset list.</summary>
    private string List(int first, int count) =>
        string.Join(',', Enumerable.Range(first, count).Select(c => (c % Cores).ToString(CultureInfo.InvariantCulture)).Distinct());
}
