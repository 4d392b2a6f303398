using ControlPlane.Agent.Collection;
using ControlPlane.Agent.Replay;
using ControlPlane.Agent.Reporting;
using ControlPlane.Tests.Shared;
using ControlPlane.Wire.Probes;
using FsCheck.Xunit;

namespace ControlPlane.Agent.Tests.Reporting;

/// <summary>The server's answers are faked (the API is another project); the facts are the replayed h200x2-a capture.</summary>
public sealed class ReportLoopTests
{
    private static readonly NodeFacts Facts = ReplayCollector.Collect(FixtureFiles.PathOf("gpu-hosts/h200x2-a"));

    private static (ReportLoop Loop, List<ProbeReport> Sent, List<ProbeReport> Accepted) Loop(Func<ProbeReport, SendOutcome> server, string node = "h200x2-a")
    {
        var sent = new List<ProbeReport>();
        var accepted = new List<ProbeReport>();
        var loop = new ReportLoop(
            () => Facts,
            (r, _) => { sent.Add(r); return Task.FromResult(server(r)); },
            accepted.Add,
            new ReportLoopOptions { Node = node, Random = new Random(7), Delay = (_, _) => Task.CompletedTask },
            TextWriter.Null);
        return (loop, sent, accepted);
    }

    [Fact]
    public async Task Accepted_reports_carry_increasing_sequences_from_unix_ms()
    {
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var (loop, sent, accepted) = Loop(_ => new SendOutcome(SendStatus.Accepted, "200"));

        await loop.RunAsync(CancellationToken.None, maxReports: 3);

        Assert.Equal(3, accepted.Count);
        Assert.InRange(sent[0].Sequence, before, before + 60_000);
        Assert.Equal([sent[0].Sequence, sent[0].Sequence + 1, sent[0].Sequence + 2], sent.Select(r => r.Sequence));
        Assert.All(sent, r => Assert.Equal("h200x2-a", r.Node));
    }

    [Fact]
    public async Task A_409_moves_the_sequence_past_the_servers_last_accepted_and_resends()
    {
        var serverLast = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + 1_000_000;
        var (loop, sent, accepted) = Loop(r => r.Sequence <= serverLast
            ? new SendOutcome(SendStatus.Stale, "409", serverLast)
            : new SendOutcome(SendStatus.Accepted, "200"));

        var wait = await loop.ReportOnceAsync(Facts, CancellationToken.None);

        Assert.Equal(2, sent.Count);
        Assert.Equal(serverLast + 1, accepted.Single().Sequence);
        Assert.Equal(TimeSpan.FromSeconds(5), wait);
    }

    [Fact]
    public async Task An_unreachable_server_backs_off_longer_each_time()
    {
        var (loop, _, accepted) = Loop(_ => new SendOutcome(SendStatus.Retry, "connection refused"));

        var waits = new List<TimeSpan>();
        for (var i = 0; i < 4; i++)
        {
            waits.Add(await loop.ReportOnceAsync(Facts, CancellationToken.None));
        }

        Assert.Empty(accepted);
        Assert.True(waits[3] > waits[0], string.Join(", ", waits));
        Assert.All(waits, w => Assert.InRange(w, TimeSpan.FromMilliseconds(500), TimeSpan.FromMinutes(2)));
    }

    [Fact]
    public async Task A_report_that_fails_validation_is_never_sent()
    {
        var (loop, sent, _) = Loop(_ => new SendOutcome(SendStatus.Accepted, "200"), node: "Not_A_Node");

        await loop.ReportOnceAsync(Facts, CancellationToken.None);

        Assert.Empty(sent);
    }

    [Property]
    public bool Backoff_never_exceeds_its_ceiling_and_never_drops_below_half_the_first_step(int seed, byte steps)
    {
        var backoff = new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(2), new Random(seed));
        return Enumerable.Range(0, steps % 40 + 1).Select(_ => backoff.Next())
            .All(d => d >= TimeSpan.FromMilliseconds(500) && d <= TimeSpan.FromMinutes(2));
    }
}
