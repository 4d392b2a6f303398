using ControlPlane.Agent.Collection;
using ControlPlane.Wire.Probes;

namespace ControlPlane.Agent.Reporting;

/// <summary>
/// Collect, validate, send, wait; forever. The node name is fixed when the loop is made, and every report is checked
/// with <see cref="ProbeReportValidator"/> against it before it leaves, so the agent never reports for another node.
/// </summary>
internal sealed class ReportLoop(
    Func<NodeFacts> collect,
    Func<ProbeReport, CancellationToken, Task<SendOutcome>> send,
    Action<ProbeReport> accepted,
    ReportLoopOptions options,
    TextWriter log)
{
    private const int MaxStaleJumpsPerReport = 3;

    private readonly SequenceClock _sequence = SequenceClock.StartingNow(options.Time);
    private readonly Backoff _backoff = new(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(2), options.Random);

    /// <summary>Runs until cancelled; <paramref name="maxReports"/> bounds the number of collections (tests).</summary>
    public async Task RunAsync(CancellationToken cancellationToken, int maxReports = int.MaxValue)
    {
        for (var n = 0; n < maxReports && !cancellationToken.IsCancellationRequested; n++)
        {
            var delay = await ReportOnceAsync(collect(), cancellationToken);
            if (n + 1 < maxReports)
            {
                await options.Delay(delay, cancellationToken);
            }
        }
    }

    /// <returns>How long to wait before the next collection: the interval, or a backoff after a failure.</returns>
    public async Task<TimeSpan> ReportOnceAsync(NodeFacts facts, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt <= MaxStaleJumpsPerReport; attempt++)
        {
            var report = ReportFactory.Create(facts, options.Node, _sequence.Next(), options.Time.GetUtcNow(), options.Pool, options.Rack);
            var errors = ProbeReportValidator.Validate(report, options.Node, options.Time.GetUtcNow());
            if (errors.Count > 0)
            {
                await log.WriteLineAsync($"not sent: report fails validation: {string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}"))}");
                return options.Interval;
            }

            var outcome = await send(report, cancellationToken);
            switch (outcome.Status)
            {
                case SendStatus.Accepted:
                    accepted(report);
                    _backoff.Reset();
                    return options.Interval;
                case SendStatus.Stale:
                    _sequence.JumpPast(outcome.LastAcceptedSequence ?? options.Time.GetUtcNow().ToUnixTimeMilliseconds());
                    await log.WriteLineAsync($"sequence {report.Sequence} is stale ({outcome.Detail}); jumping forward");
                    continue;
                default:
                    var wait = _backoff.Next();
                    await log.WriteLineAsync($"report {report.Sequence} not accepted ({outcome.Status}: {outcome.Detail}); next try in {wait.TotalSeconds:0.0} s");
                    return wait;
            }
        }

        return _backoff.Next();
    }
}

internal sealed record ReportLoopOptions
{
    public required string Node { get; init; }
    public string Pool { get; init; } = "default";
    public string? Rack { get; init; }
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(5);
    public TimeProvider Time { get; init; } = TimeProvider.System;
    public Random Random { get; init; } = Random.Shared;
    public Func<TimeSpan, CancellationToken, Task> Delay { get; init; } = Task.Delay;
}
