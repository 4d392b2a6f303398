using System.Text.RegularExpressions;
using ControlPlane.Deploy.Tests.Composition;
using k8s.Models;

namespace ControlPlane.Deploy.Tests.Manifests;

public partial class SecretTests
{
    /// <summary>The Secrets deploy/README.md tells an operator to create; the manifests only refer to them.</summary>
    public static readonly string[] Documented = ["controlplane-redis", "controlplane-tls", "controlplane-admin", "controlplane-token-secret", "cp-agent-tokens"];

    [Theory]
    [MemberData(nameof(DeployFolders.All), MemberType = typeof(DeployFolders))]
    public void No_secret_is_inlined_and_every_one_referred_to_is_documented_in_the_readme(string folder)
    {
        var set = ManifestSet.Compose(folder);
        var readme = File.ReadAllText(RepositoryPaths.Of("deploy/README.md"));

        Assert.Empty(set.OfType<V1Secret>());
        var referred = Workload.In(set).SelectMany(w =>
            (w.Pod.Volumes ?? []).Where(v => v.Secret is not null).Select(v => v.Secret.SecretName)
                .Concat(w.Pod.Containers.SelectMany(c => c.Env ?? []).Where(e => e.ValueFrom?.SecretKeyRef is not null).Select(e => e.ValueFrom.SecretKeyRef.Name)))
            .Distinct().ToList();
        Assert.Equal(Documented.Order(StringComparer.Ordinal), referred.Order(StringComparer.Ordinal));
        Assert.All(referred, s => Assert.Matches($@"create secret generic {Regex.Escape(s)}(\s|$)", readme));
    }

    [Theory]
    [MemberData(nameof(DeployFolders.All), MemberType = typeof(DeployFolders))]
    public void No_env_value_holds_a_password_and_every_reference_names_a_variable_set_before_it(string folder) =>
        Assert.All(ContainerTests.Containers(folder), x =>
        {
            var earlier = new HashSet<string>(StringComparer.Ordinal);
            foreach (var env in x.Container.Env ?? [])
            {
                if (env.Value is { } value)
                {
                    Assert.DoesNotMatch(LiteralPassword(), value);
                    // Kubernetes expands $(NAME) only for variables defined earlier in the list; others stay literal.
                    Assert.All(References().Matches(value), m => Assert.True(earlier.Contains(m.Groups[1].Value), $"{x.Workload} {env.Name} refers to $({m.Groups[1].Value}) before it is set"));
                }

                earlier.Add(env.Name);
            }

            Assert.All((x.Container.Args ?? []).Concat(x.Container.Command ?? []).SelectMany(a => References().Matches(a)), m =>
                Assert.True(earlier.Contains(m.Groups[1].Value), $"{x.Workload} {x.Container.Name}: an argument refers to $({m.Groups[1].Value}), which is not set"));
        });

    [GeneratedRegex(@"password=(?!\$\()", RegexOptions.IgnoreCase)]
    private static partial Regex LiteralPassword();

    [GeneratedRegex(@"\$\(([A-Za-z_][A-Za-z0-9_]*)\)")]
    private static partial Regex References();
}
