using System.Globalization;

namespace ControlPlane.Bench.Hosting;

/// <summary>
/// The machine's CPU between two points, from <c>/proc/stat</c>'s first line (proc(5): user, nice, system, idle, iowait,
/// irq, softirq, steal in clock ticks): busy is every tick but idle and iowait, as a share of all cores. Server, load
/// generator and everything else on the machine together: the figure that says whether cores sat idle.
/// </summary>
public sealed class MachineCpu
{
    private readonly (long Busy, long Total) _start = Read();

    /// <summary>Busy share of all cores since this meter started, in percent; NaN where /proc/stat cannot be read.</summary>
    public double BusyPercent()
    {
        var now = Read();
        var total = now.Total - _start.Total;
        return total <= 0 ? double.NaN : 100.0 * (now.Busy - _start.Busy) / total;
    }

    private static (long Busy, long Total) Read()
    {
        try
        {
            var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var ticks = fields.Skip(1).Take(8).Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
            var idle = ticks[3] + ticks[4];
            var total = ticks.Sum();
            return (total - idle, total);
        }
        catch (IOException)
        {
            return (0, 0);
        }
    }
}
