using System.Reflection;
using ControlPlane.Contracts.Incidents;
using ControlPlane.Wire.Incidents;

namespace ControlPlane.Web.Tests.Portal.Components;

/// <summary>
/// The incident directory as the portal's badge sees it: a count, or the exception a grain call throws when the silo
/// does not answer (Orleans throws <see cref="TimeoutException"/> past <c>ResponseTimeout</c>). Only the count is answered.
/// </summary>
internal sealed class IncidentDirectoryStub : IIncidentDirectoryGrain
{
    public int Unresolved { get; set; }

    public Exception? Failure { get; set; }

    /// <summary>While set and not completed, reads wait on it (a silo that does not answer until the call times out).</summary>
    public TaskCompletionSource? Hold { get; set; }

    public int Calls => _calls;

    private int _calls;

    public async Task<int> CountUnresolvedAsync()
    {
        Interlocked.Increment(ref _calls);
        if (Hold is { } hold)
        {
            await hold.Task;
        }

        return Failure is { } e ? throw e : Unresolved;
    }

    public Task UpsertAsync(IncidentView summary) => throw new NotSupportedException();

    public Task EnsureScheduledAsync() => throw new NotSupportedException();

    public Task<int> ResumeStalledAsync() => throw new NotSupportedException();

    public Task<IncidentView[]> ListAsync(IncidentFilter filter) => throw new NotSupportedException();
}

/// <summary>A grain factory that hands out one grain for every string key of its interface and refuses anything else.</summary>
internal class OneGrainFactory : DispatchProxy
{
    private object? _grain;

    public static IGrainFactory Of<TGrain>(TGrain grain) where TGrain : IGrainWithStringKey
    {
        var factory = Create<IGrainFactory, OneGrainFactory>();
        ((OneGrainFactory)(object)factory)._grain = grain;
        return factory;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
        targetMethod is { Name: nameof(IGrainFactory.GetGrain), IsGenericMethod: true } && args is [string, _] && targetMethod.ReturnType.IsInstanceOfType(_grain)
            ? _grain
            : throw new NotSupportedException($"{targetMethod?.Name} is not faked");
}
