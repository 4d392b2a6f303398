using System.Text;
using ControlPlane.Tests.Shared;
using FsCheck.Xunit;
using static ControlPlane.Diagnostics.Tests.Nccl.NcclFixtures;

namespace ControlPlane.Diagnostics.Tests.Nccl;

/// <summary>Whatever arrives over the API (cut-off uploads, interleaved writers, binary junk), the diagnoser answers.</summary>
public sealed class RobustnessProperties
{
    private static readonly string[] Fixtures = [Default, P2pDisabled, Watchdog, CudaFailure5090, VllmCrash5090];

    [Property(MaxTest = 300)]
    public bool Truncating_any_fixture_at_any_point_never_throws_and_keeps_evidence_in_range(int which, int cut)
    {
        var text = FixtureFiles.Read(Fixtures[Math.Abs(which % Fixtures.Length)]);
        var truncated = text[..(int)((uint)cut % (uint)(text.Length + 1))];

        var diagnosis = NcclLogDiagnoser.Diagnose([new LogSource("cut.log", truncated)]);

        var lineCount = truncated.Split('\n').Length;
        return diagnosis.Findings.SelectMany(f => f.Evidence).All(e => e.Line >= 1 && e.Line <= lineCount)
            && (diagnosis.HasNcclLines || (diagnosis.Ranks.Count == 0 && diagnosis.Findings.Count == 0));
    }

    [Property(MaxTest = 200)]
    public bool Interleaving_lines_of_two_fixtures_never_throws_and_evidence_quotes_its_line(int seed, int first, int second)
    {
        var a = FixtureFiles.Read(Fixtures[Math.Abs(first % Fixtures.Length)]).Split('\n');
        var b = FixtureFiles.Read(Fixtures[Math.Abs(second % Fixtures.Length)]).Split('\n');
        var random = new Random(seed);
        var lines = new List<string>(a.Length + b.Length);
        int i = 0, j = 0;
        while (i < a.Length || j < b.Length)
        {
            var takeA = j >= b.Length || (i < a.Length && random.Next(2) == 0);
            var line = takeA ? a[i++] : b[j++];
            // Writers interleave mid-line too: sometimes cut the line and glue the other file's next line to it.
            lines.Add(random.Next(10) == 0 && line.Length > 0 ? line[..random.Next(line.Length)] : line);
        }

        var text = string.Join('\n', lines);
        var diagnosis = NcclLogDiagnoser.Diagnose([new LogSource("mixed.log", text)]);

        return diagnosis.Findings.SelectMany(f => f.Evidence)
            .All(e => lines[e.Line - 1].StartsWith(e.Text, StringComparison.Ordinal));
    }

    [Property(MaxTest = 300)]
    public bool Random_bytes_never_throw(byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes ?? []);
        var diagnosis = NcclLogDiagnoser.Diagnose([new LogSource("junk.bin", text)]);
        return diagnosis is not null;
    }

    [Property(MaxTest = 300)]
    public bool Random_bytes_spliced_into_a_fixture_never_throw(byte[] bytes, int at)
    {
        var text = FixtureFiles.Read(Watchdog);
        var position = (int)((uint)at % (uint)(text.Length + 1));
        var junk = Encoding.Latin1.GetString(bytes ?? []);
        var diagnosis = NcclLogDiagnoser.Diagnose([new LogSource("spliced.log", text[..position] + junk + text[position..])]);
        return diagnosis.HasNcclLines;
    }

    [Property(MaxTest = 200)]
    public bool Every_prefix_of_an_NCCL_line_is_handled(int which, int cut)
    {
        // NCCL-shaped fragments hit every parser branch with a field missing.
        var lines = FixtureFiles.Read(Fixtures[Math.Abs(which % Fixtures.Length)]).Split('\n').Where(l => l.Length > 0).ToArray();
        var text = string.Join('\n', lines.Select(l => l[..(int)((uint)cut % (uint)(l.Length + 1))]));
        var diagnosis = NcclLogDiagnoser.Diagnose([new LogSource("prefixes.log", text)]);
        return diagnosis.Findings.All(f => f.Evidence.All(e => e.Line >= 1));
    }
}
