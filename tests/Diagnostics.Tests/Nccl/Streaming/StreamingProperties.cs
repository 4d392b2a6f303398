using ControlPlane.Tests.Shared;
using FsCheck.Xunit;
using static ControlPlane.Diagnostics.Tests.Nccl.NcclFixtures;

namespace ControlPlane.Diagnostics.Tests.Nccl.Streaming;

/// <summary>However a reader splits the text, the streamed diagnosis is the one of the whole text.</summary>
public sealed class StreamingProperties
{
    private static readonly string[] Fixtures = [Default, P2pDisabled, Watchdog, CudaFailure5090];

    [Property(MaxTest = 100)]
    public bool Reads_of_any_size_give_the_findings_and_lines_of_the_whole_text(int which, int seed, byte maxChunk, bool crlf)
    {
        var text = FixtureFiles.Read(Fixtures[Math.Abs(which % Fixtures.Length)]);
        text = crlf ? text.Replace("\n", "\r\n", StringComparison.Ordinal) : text;
        using var reader = new ChunkedReader(text, seed, 1 + maxChunk);

        var streamed = NcclLogDiagnoser.Diagnose([("log", (TextReader)reader)]);
        var whole = NcclLogDiagnoser.Diagnose([new LogSource("log", text)]);

        return Shape(streamed).SequenceEqual(Shape(whole)) && streamed.Ranks.Count == whole.Ranks.Count && streamed.Transport == whole.Transport;
    }

    [Fact]
    public void A_line_longer_than_the_read_buffer_is_one_line_and_the_next_keeps_its_number()
    {
        var text = new string('x', 200_000) + "\n" + FixtureFiles.Read(P2pDisabled);
        using var reader = new ChunkedReader(text, seed: 7, maxChunk: 50_000);

        var finding = Single(NcclLogDiagnoser.Diagnose([("long.log", (TextReader)reader)]), FindingCodes.P2pDisabledByEnv);

        AssertEvidenceAt(text, finding, "NCCL_P2P_DISABLE set by environment to 1");
    }

    private static IEnumerable<string> Shape(NcclDiagnosis diagnosis) =>
        diagnosis.Findings.Select(f => $"{f.Code} {f.Severity} {f.Message} {string.Join(',', f.Evidence.Select(e => $"{e.Line}:{e.Text}"))}");
}
