using ControlPlane.Wire.Probes;

namespace ControlPlane.Agent.Nvml;

/// <summary>
/// Waits for critical XID events (nvmlEventTypeXidCriticalError) on a background thread and keeps them until a
/// report that carried them is accepted, so an XID is neither lost on a failed send nor reported twice.
/// </summary>
internal sealed unsafe class NvmlXidWatcher : IDisposable
{
    private const ulong XidCriticalError = 0x8;
    private const uint WaitMilliseconds = 1000;

    private readonly NvmlApi _api;
    private readonly nint _set;
    private readonly Dictionary<nint, string> _uuidByHandle;
    private readonly Dictionary<string, List<XidEvent>> _pending = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly Thread _thread;
    private volatile bool _stopping;

    private NvmlXidWatcher(NvmlApi api, nint set, Dictionary<nint, string> uuidByHandle)
    {
        _api = api;
        _set = set;
        _uuidByHandle = uuidByHandle;
        _thread = new Thread(Loop) { IsBackground = true, Name = "nvml-xid" };
        _thread.Start();
    }

    /// <summary>Starts watching every GPU that supports XID events; null (with the reason) when none can.</summary>
    public static NvmlXidWatcher? TryStart(NvmlApi api, out string? whyNot)
    {
        whyNot = null;
        if (api.EventSetCreate is null || api.DeviceRegisterEvents is null || api.EventSetWait is null || api.EventSetFree is null)
        {
            whyNot = "XID events: this NVML has no event API";
            return null;
        }

        nint set;
        var rc = api.EventSetCreate(&set);
        if (rc != NvmlReturn.Success)
        {
            whyNot = $"XID events: nvmlEventSetCreate failed: {api.Describe(rc)}";
            return null;
        }

        var uuids = new Dictionary<nint, string>();
        uint count;
        if (api.DeviceGetCount(&count) == NvmlReturn.Success)
        {
            for (uint i = 0; i < count; i++)
            {
                nint handle;
                if (api.DeviceGetHandleByIndex(i, &handle) != NvmlReturn.Success)
                {
                    continue;
                }

                ulong supported = 0;
                if (api.DeviceGetSupportedEventTypes is not null && api.DeviceGetSupportedEventTypes(handle, &supported) == NvmlReturn.Success
                    && (supported & XidCriticalError) != 0
                    && api.DeviceRegisterEvents(handle, XidCriticalError, set) == NvmlReturn.Success)
                {
                    uuids[handle] = new NvmlDevice(api, handle).Uuid;
                }
            }
        }

        if (uuids.Count == 0)
        {
            _ = api.EventSetFree(set);
            whyNot = "XID events: no GPU supports critical XID events here";
            return null;
        }

        return new NvmlXidWatcher(api, set, uuids);
    }

    public XidEvent[] Pending(string uuid)
    {
        lock (_lock)
        {
            return _pending.TryGetValue(uuid, out var events) ? [.. events] : [];
        }
    }

    /// <summary>Forgets the XIDs a report carried, once the server accepted it.</summary>
    public void Acknowledge(ProbeReport report)
    {
        lock (_lock)
        {
            foreach (var gpu in report.Gpus)
            {
                if (_pending.TryGetValue(gpu.Uuid, out var events))
                {
                    events.RemoveRange(0, Math.Min(gpu.RecentXids.Length, events.Count));
                }
            }
        }
    }

    public void Dispose()
    {
        _stopping = true;
        _thread.Join(TimeSpan.FromMilliseconds(WaitMilliseconds * 3));
        _ = _api.EventSetFree(_set);
    }

    private void Loop()
    {
        while (!_stopping)
        {
            NvmlEventData data;
            var rc = _api.EventSetWait(_set, &data, WaitMilliseconds);
            if (rc is not NvmlReturn.Success and not NvmlReturn.Timeout)
            {
                Thread.Sleep((int)WaitMilliseconds);
                continue;
            }

            if (rc != NvmlReturn.Success || (data.EventType & XidCriticalError) == 0 || data.EventData == 0
                || !_uuidByHandle.TryGetValue(data.Device, out var uuid))
            {
                continue;
            }

            lock (_lock)
            {
                if (!_pending.TryGetValue(uuid, out var events))
                {
                    _pending[uuid] = events = [];
                }

                if (events.Count < ProbeReportValidator.MaxXidsPerGpu)
                {
                    // NVML reports 999 for an XID it cannot name.
                    events.Add(new XidEvent { Code = (int)Math.Min(data.EventData, 10_000), At = DateTimeOffset.UtcNow });
                }
            }
        }
    }
}
