using ControlPlane.Contracts.Errors;
using Orleans.Persistence.Redis;
using StackExchange.Redis;

namespace ControlPlane.Web.Apis.Problems;

/// <summary>
/// Which failures mean "the cluster or its storage cannot serve this now" (a silo lost, a gateway gone, Redis stopped or
/// slow, a grain call past its response timeout) rather than a bug: those are answered 503 with <c>Retry-After</c>.
/// The failure may sit anywhere in the exception's chain: a grain rethrows storage failures as they came.
/// </summary>
internal static class ClusterUnavailable
{
    public static bool Is(Exception exception) => Chain(exception).Any(IsOutage);

    /// <summary>
    /// Whether a change may have taken effect though it failed: the call outlived its response timeout, or the silo running
    /// it died, before an answer came. A grain that said it stored nothing (<see cref="StateNotStoredException"/>) or a
    /// message refused before it ran is not: nothing changed then.
    /// </summary>
    public static bool OutcomeUnknown(Exception exception)
    {
        var chain = Chain(exception).ToArray();
        // A silo declared dead (a rejection, to Orleans) may have run the call before it died: unknown, not "nothing changed".
        return !chain.Any(e => e is StateNotStoredException or (OrleansMessageRejectionException and not SiloUnavailableException))
            && chain.Any(e => e is TimeoutException or SiloUnavailableException);
    }

    /// <summary>What went wrong in words a caller can act on (which part was unreachable), without internals.</summary>
    public static string Describe(Exception exception)
    {
        var cause = Chain(exception).FirstOrDefault(IsOutage) ?? exception;
        return cause switch
        {
            RedisException or RedisStorageException or Orleans.Reminders.Redis.RedisRemindersException => "The cluster's storage (Redis) cannot be reached right now; the request may be retried.",
            TimeoutException => "The cluster did not answer in time; the request may be retried.",
            _ => "The cluster cannot serve this request right now (a silo is unavailable); the request may be retried.",
        };
    }

    private static bool IsOutage(Exception e) => e is TimeoutException
        or SiloUnavailableException
        or OrleansMessageRejectionException
        or RedisException
        or RedisStorageException
        or Orleans.Reminders.Redis.RedisRemindersException
        or OrleansException
        or System.Net.Sockets.SocketException;

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        var pending = new Stack<Exception>([exception]);
        while (pending.TryPop(out var current))
        {
            yield return current;
            if (current is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions)
                {
                    pending.Push(inner);
                }
            }
            else if (current.InnerException is { } inner)
            {
                pending.Push(inner);
            }
        }
    }
}
