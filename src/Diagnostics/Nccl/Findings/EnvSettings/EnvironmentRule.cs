using ControlPlane.Diagnostics.Nccl.Parsing;

namespace ControlPlane.Diagnostics.Nccl.Findings.EnvSettings;

/// <summary>
/// Every NCCL variable set by environment, judged with the table in <see cref="NcclVariables"/>: named as the
/// cause (with its line) of each wire slower than the topology allows that it can explain, flagged when it is
/// a bad setting on its own, and otherwise reported as a setting in force (info), unknown variables included.
/// </summary>
internal static class EnvironmentRule
{
    public static IEnumerable<Finding> Evaluate(JobView job)
    {
        foreach (var (name, settings) in SettingsInForce.Of(job))
        {
            yield return NcclVariables.Find(name) is { } variable
                ? Judge(variable, settings, job)
                : InForce(name, settings, job, "not in the diagnosis's table of NCCL variables, so what it changes is not judged");
        }
    }

    /// <summary>The settings in force that can explain <paramref name="loss"/>: what a wire finding names as its cause.</summary>
    public static IReadOnlyList<EnvSetting> CausesOf(JobView job, WireLoss loss) =>
        SettingsInForce.Of(job)
            .Select(s => (Variable: NcclVariables.Find(s.Name), s.Settings))
            .Where(s => s.Variable is not null && (s.Variable.Explains & loss & job.Losses.Kinds) != 0)
            .SelectMany(s => s.Settings.Where(x => s.Variable!.Restricts(x.Setting.Value, job)).Select(x => x.Setting))
            .DistinctBy(s => (s.Name, s.Value))
            .ToList();

    private static Finding Judge(NcclVariable variable, List<(ProcessState? Process, EnvSetting Setting)> settings, JobView job)
    {
        var restricting = settings.Where(s => variable.Restricts(s.Setting.Value, job)).ToList();
        var explained = restricting.Count > 0 ? variable.Explains & job.Losses.Kinds : WireLoss.None;
        var bad = settings.Select(s => (s.Process, s.Setting, Verdict: variable.Bad(s.Setting, job)))
            .Where(s => s.Verdict is not null)
            .ToList();
        if (variable.Code is null || (explained == WireLoss.None && bad.Count == 0))
        {
            return InForce(variable.Name, settings, job, variable.What);
        }

        var named = explained != WireLoss.None
            ? restricting.Concat(bad.Select(b => (b.Process, b.Setting))).Distinct().ToList()
            : bad.Select(b => (b.Process, b.Setting)).ToList();
        var severity = bad.Count > 0 ? bad.Max(b => b.Verdict!.Severity) : FindingSeverity.Info;
        var message = $"{Who(named)}: {Assignment(variable.Name, named)} set by environment {variable.What}.";
        foreach (var loss in Kinds(explained))
        {
            severity = Max(severity, job.Losses.IsCertain(loss) ? FindingSeverity.Error : FindingSeverity.Warning);
            message += $" It explains why {job.Losses.Describe(loss)}.";
        }

        foreach (var why in bad.Select(b => b.Verdict!.Why).Distinct(StringComparer.Ordinal))
        {
            message += " " + why;
        }

        if (variable.Effect.HasFlag(EnvEffect.DisablesP2p) && job.NvLinkLoss() is { } nvLink)
        {
            message += " " + nvLink;
        }

        var evidence = named.Select(s => s.Setting.Evidence).Concat(bad.SelectMany(b => b.Verdict!.Evidence ?? []));
        return new Finding(variable.Code, severity, FindingBuilder.RanksOf(named.Select(s => s.Process)),
            FindingBuilder.Ordered(evidence), variable.Fix, message);
    }

    private static Finding InForce(string name, List<(ProcessState? Process, EnvSetting Setting)> settings, JobView job, string what)
    {
        var message = $"{Who(settings)}: {Assignment(name, settings)} set by environment ({what}).";
        if (job.Losses.Kinds != WireLoss.None && NcclVariables.Find(name) is null)
        {
            message += $" It was in force while {job.Losses.Describe(Kinds(job.Losses.Kinds).First())}: check whether it plays a part.";
        }

        return new Finding(FindingCodes.EnvInForce, FindingSeverity.Info, FindingBuilder.RanksOf(settings.Select(s => s.Process)),
            FindingBuilder.Ordered(settings.Select(s => s.Setting.Evidence)),
            "Nothing to do if it is intended; unset it otherwise.", message);
    }

    private static string Who(IEnumerable<(ProcessState? Process, EnvSetting Setting)> settings)
    {
        var ranks = FindingBuilder.RanksOf(settings.Select(s => s.Process));
        return ranks.Count > 0 ? FindingBuilder.List(ranks) : "NCCL";
    }

    /// <summary>"NCCL_P2P_LEVEL=LOC", or "NCCL_P2P_LEVEL=LOC (rank 0), NVL (rank 1)" when ranks differ.</summary>
    private static string Assignment(string name, IEnumerable<(ProcessState? Process, EnvSetting Setting)> settings)
    {
        var values = settings.GroupBy(s => s.Setting.Value, StringComparer.Ordinal).ToList();
        return values.Count == 1
            ? $"{name}={values[0].Key}"
            : $"{name}=" + string.Join(", ", values.Select(v => $"{v.Key} ({Who(v)})"));
    }

    private static IEnumerable<WireLoss> Kinds(WireLoss losses) =>
        Enum.GetValues<WireLoss>().Where(k => k is not (WireLoss.None or WireLoss.All) && losses.HasFlag(k));

    private static FindingSeverity Max(FindingSeverity a, FindingSeverity b) => a > b ? a : b;
}
