using ControlPlane.Diagnostics.Nccl.Parsing;

namespace ControlPlane.Diagnostics.Nccl.Findings.EnvSettings;

/// <summary>
/// Every NCCL variable the logs show in force, by name, with the processes that reported it: ranks, and
/// processes whose rank the log never printed. <c>NCCL TRACE</c> lines count as NCCL_DEBUG=TRACE even when
/// NCCL did not print the variable.
/// </summary>
internal static class SettingsInForce
{
    public static IEnumerable<(string Name, List<(ProcessState? Process, EnvSetting Setting)> Settings)> Of(JobView job)
    {
        var byName = new SortedDictionary<string, List<(ProcessState?, EnvSetting)>>(StringComparer.Ordinal);
        var reporters = job.Ranks.Concat(job.Facts.Processes.Where(p => p.Rank is null));
        foreach (var process in reporters)
        {
            foreach (var setting in process.Environment.Values)
            {
                Add(byName, process.Rank is null ? null : process, setting);
            }
        }

        if (job.Facts.TraceEvidence is { } trace && !byName.ContainsKey("NCCL_DEBUG"))
        {
            Add(byName, null, new EnvSetting("NCCL_DEBUG", "TRACE", trace));
        }

        return byName.Select(kv => (kv.Key, kv.Value));
    }

    private static void Add(SortedDictionary<string, List<(ProcessState?, EnvSetting)>> byName, ProcessState? process, EnvSetting setting)
    {
        if (!byName.TryGetValue(setting.Name, out var list))
        {
            list = [];
            byName[setting.Name] = list;
        }

        list.Add((process, setting));
    }
}
