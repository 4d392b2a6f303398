using System.Text.RegularExpressions;
using System.Xml.Linq;
using ControlPlane.Deploy.Tests.Composition;
using ControlPlane.Deploy.Tests.Manifests;

namespace ControlPlane.Deploy.Tests.Images;

/// <summary>No Docker daemon here: the Dockerfiles are checked against the projects and manifests they serve.</summary>
public partial class DockerfileTests
{
    public static TheoryData<string, string, string, string> Images => new()
    {
        { "silo.Dockerfile", "Silo", "controlplane-silo", "runtime" },
        { "web.Dockerfile", "Web", "controlplane-web", "aspnet" },
        { "agent.Dockerfile", "Agent", "cp-agent", "runtime-deps" },
    };

    [Theory]
    [MemberData(nameof(Images))]
    public void Each_image_publishes_its_project_onto_a_chiseled_base_and_runs_it_as_the_non_root_app_user(string dockerfile, string project, string workload, string runtime)
    {
        var text = File.ReadAllText(Path.Combine(RepositoryPaths.Deploy, "docker", dockerfile));
        var stages = From().Matches(text).Select(m => m.Groups[1].Value).ToList();
        var final = text[text.LastIndexOf("\nFROM ", StringComparison.Ordinal)..];
        var csproj = XDocument.Load(RepositoryPaths.Of($"src/{project}/{project}.csproj"));
        var assembly = csproj.Descendants("AssemblyName").SingleOrDefault()?.Value ?? $"ControlPlane.{project}";

        Assert.Contains($"dotnet publish src/{project} -c Release -r linux-x64", text, StringComparison.Ordinal);
        Assert.Equal($"mcr.microsoft.com/dotnet/{runtime}:10.0-noble-chiseled", stages[^1]);
        Assert.All(stages, s => Assert.DoesNotContain(":latest", s, StringComparison.Ordinal));
        Assert.Contains("\nUSER $APP_UID\n", final, StringComparison.Ordinal);
        Assert.Contains($"ENTRYPOINT [\"/app/{assembly}\"]", final, StringComparison.Ordinal);
        var image = BuildTag().Match(text).Groups[1].Value;
        Assert.Equal(Workload.Named(ManifestSet.Compose(DeployFolders.Base), workload).Pod.Containers[0].Image, image);
    }

    [Fact]
    public void The_agent_image_holds_the_trimmed_single_file_publish_the_agent_docs_describe()
    {
        var text = File.ReadAllText(Path.Combine(RepositoryPaths.Deploy, "docker", "agent.Dockerfile"));
        var readme = File.ReadAllText(RepositoryPaths.Of("docs/agent.md"));

        Assert.Contains("--self-contained -p:PublishSingleFile=true", text, StringComparison.Ordinal);
        Assert.Contains("dotnet publish src/Agent -c Release -r linux-x64 --self-contained -p:PublishSingleFile=true", readme, StringComparison.Ordinal);
        Assert.Contains("COPY --from=build /out/cp-agent /app/cp-agent", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_build_context_leaves_out_build_outputs_and_keeps_the_sources_and_build_props()
    {
        var ignored = File.ReadAllLines(RepositoryPaths.Of(".dockerignore")).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();

        Assert.Contains("**/bin/", ignored);
        Assert.Contains("**/obj/", ignored);
        Assert.DoesNotContain(ignored, l => l.StartsWith("src", StringComparison.Ordinal) || l.StartsWith("Directory.", StringComparison.Ordinal) || l == ".editorconfig");
    }

    [GeneratedRegex(@"^FROM (\S+)", RegexOptions.Multiline)]
    private static partial Regex From();

    [GeneratedRegex(@"docker build -f deploy/docker/\S+ -t (\S+) \.")]
    private static partial Regex BuildTag();
}
