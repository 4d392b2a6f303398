using k8s;
using k8s.Models;

namespace ControlPlane.Kubernetes.Tests.Conformance;

/// <summary>Every <c>--flag</c> (and <c>-x</c>) in every container's command and args, checked against its engine version's declared flags.</summary>
public static class FlagChecker
{
    public static IEnumerable<string> Problems(string caseName, IEnumerable<IKubernetesObject> objects)
    {
        foreach (var (owner, container) in Containers(objects))
        {
            var words = (container.Command ?? []).Concat(container.Args ?? []).ToList();
            var where = $"{caseName}: {owner}, container {container.Name} ({container.Image})";
            if (EngineFlagFiles.For(words, container.Image) is not { } file)
            {
                yield return $"{where}: no vendored flag list for '{EngineFlagFiles.Program(words)}' in this image";
                continue;
            }

            foreach (var problem in Problems(where, words.Skip(EngineFlagFiles.ProgramWords(words)), DeclaredFlags.Load(file)))
            {
                yield return problem;
            }
        }
    }

    public static IEnumerable<string> Problems(string where, IEnumerable<string> words, DeclaredFlags declared) =>
        words.Select(Flag)
            .OfType<string>()
            .Where(flag => !declared.Declares(flag))
            .Select(flag => $"{where}: {flag} is not declared in Conformance/EngineFlags/{declared.File}");

    /// <summary>The flag a word names (<c>--x=1</c> is <c>--x</c>); null for values, including negative numbers.</summary>
    public static string? Flag(string word)
    {
        if (word.Length < 2 || word[0] != '-' || char.IsDigit(word[1]))
        {
            return null;
        }

        var equals = word.IndexOf('=', StringComparison.Ordinal);
        return equals < 0 ? word : word[..equals];
    }

    private static IEnumerable<(string Owner, V1Container Container)> Containers(IEnumerable<IKubernetesObject> objects)
    {
        foreach (var o in objects)
        {
            var (name, spec) = o switch
            {
                V1Pod pod => ($"Pod {pod.Metadata.Name}", pod.Spec),
                V1Deployment deployment => ($"Deployment {deployment.Metadata.Name}", deployment.Spec.Template.Spec),
                _ => ("", null),
            };
            // The router's start gate is a shell loop of our own over BusyBox wget (-q -T -O, BusyBox's wget usage), not an
            // engine: PdRouterRenderingTests checks it.
            foreach (var container in (spec?.InitContainers ?? []).Concat(spec?.Containers ?? []).Where(c => c.Name != RouterStartGate.ContainerName))
            {
                yield return (name, container);
            }
        }
    }
}
