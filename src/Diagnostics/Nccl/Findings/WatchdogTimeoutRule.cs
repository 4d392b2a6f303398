using System.Globalization;

namespace ControlPlane.Diagnostics.Nccl.Findings;

/// <summary>
/// ProcessGroupNCCL watchdog timeouts. A rank whose last enqueued work is below the timed-out SeqNum
/// never reached that collective: it is the straggler, the rank that timed out is only its victim.
/// </summary>
internal static class WatchdogTimeoutRule
{
    private const int MaxNamedStragglers = 8;

    public static IEnumerable<Finding> Evaluate(JobView job)
    {
        foreach (var group in job.Facts.Watchdogs.GroupBy(w => (w.Op, w.SeqNum)))
        {
            var (op, seq) = group.Key;
            var facts = group.ToList();
            var detectedBy = FindingBuilder.RanksOf(facts.Select(f => f.Process));
            var stragglers = job.Ranks.Where(r => r.LastEnqueued < seq).ToList();
            var stragglerRanks = FindingBuilder.RanksOf(stragglers);
            var timeoutMs = facts.Max(f => f.TimeoutMs);
            var ranFor = facts.Max(f => f.RanForMs);

            var where = detectedBy.Count > 0 ? FindingBuilder.List(detectedBy) : "a rank";
            var after = ranFor is { } ran ? string.Create(CultureInfo.InvariantCulture, $" after {ran} ms") : "";
            var message = string.Create(CultureInfo.InvariantCulture, $"{op} SeqNum={seq} timed out on {where}{after} (Timeout(ms)={timeoutMs}).");
            string fix;
            if (stragglers.Count > 0)
            {
                var behind = string.Join(", ", stragglers.Take(MaxNamedStragglers).Select(s => $"rank {s.Rank} last enqueued {s.LastEnqueued}"))
                    + (stragglers.Count > MaxNamedStragglers ? $", and {stragglers.Count - MaxNamedStragglers} more" : "");
                message += $" Straggler: {FindingBuilder.List(stragglerRanks)} never enqueued it ({behind}).";
                fix = $"Find why {FindingBuilder.List(stragglerRanks)} did not reach collective #{seq} (a skipped or "
                    + "diverged collective, a hang or crash before it); its stack / flight-recorder dump shows where. "
                    + "Raising the timeout will not help.";
            }
            else if (job.Ranks.Count > 1 && job.Ranks.All(r => r.LastEnqueued >= seq))
            {
                message += " Every rank enqueued it: the collective hung inside NCCL.";
                fix = "Check the links between the ranks (NIC port state, XID errors, NVLink errors) and drain the faulty node.";
            }
            else
            {
                fix = "Collect every rank's log (their 'last enqueued work' lines name the straggler).";
            }

            var evidence = facts.Select(f => f.Evidence).Concat(job.Ranks.Select(r => r.ProgressEvidence));
            yield return new Finding(
                FindingCodes.WatchdogTimeout,
                FindingSeverity.Error,
                detectedBy.Concat(stragglerRanks).Distinct().Order().ToList(),
                FindingBuilder.Ordered(evidence),
                fix,
                message)
            {
                Timeout = new CollectiveTimeout(op, seq, timeoutMs, ranFor, detectedBy, stragglerRanks),
            };
        }
    }
}
