using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using Microsoft.AspNetCore.JsonPatch.SystemTextJson;

namespace ControlPlane.Deploy.Tests.Composition;

/// <summary>
/// The objects <c>kubectl apply -k deploy/&lt;folder&gt;</c> creates, composed as kustomize does for the subset deploy/
/// uses: each resource file loaded with KubernetesClient (strict: an unknown field is an error), resource folders
/// recursively, then each overlay's JSON 6902 patches applied by a JSON Patch library to the objects they target, and
/// every object loaded again from its patched JSON (strict too, so a patch cannot add a misspelt field).
/// </summary>
public sealed class ManifestSet
{
    public const string KustomizeApiVersion = "kustomize.config.k8s.io/v1beta1";

    private ManifestSet(string folder, IReadOnlyList<IKubernetesObject> objects)
    {
        Folder = folder;
        Objects = objects;
    }

    /// <summary>The folder under deploy/ (<c>base</c>, <c>overlays/production</c>).</summary>
    public string Folder { get; }

    public IReadOnlyList<IKubernetesObject> Objects { get; }

    public IEnumerable<T> OfType<T>() => Objects.OfType<T>();

    public static ManifestSet Compose(string folder) => ComposeAt(Path.Combine(RepositoryPaths.Deploy, folder), folder);

    public static ManifestSet ComposeAt(string directory, string name)
    {
        var patched = Load(directory);
        var typed = KubernetesYaml.LoadAllFromString(string.Join("\n---\n", patched.Select(o => o.ToJsonString())), strict: true);
        return new ManifestSet(name, [.. typed.Cast<IKubernetesObject>()]);
    }

    private static List<JsonObject> Load(string directory)
    {
        var file = Path.Combine(directory, "kustomization.yaml");
        var kustomization = KubernetesYaml.Deserialize<Kustomization>(File.ReadAllText(file), strict: true);
        if (kustomization.ApiVersion != KustomizeApiVersion || kustomization.Kind != "Kustomization")
        {
            throw new InvalidDataException($"{file}: not a {KustomizeApiVersion} Kustomization.");
        }

        var objects = new List<JsonObject>();
        foreach (var resource in kustomization.Resources)
        {
            var path = Path.GetFullPath(Path.Combine(directory, resource));
            objects.AddRange(Directory.Exists(path)
                ? Load(path)
                : KubernetesYaml.LoadAllFromString(File.ReadAllText(path), strict: true).Select(o => JsonNode.Parse(KubernetesJson.Serialize(o))!.AsObject()));
        }

        foreach (var patch in kustomization.Patches)
        {
            Apply(Path.Combine(directory, patch.Path), patch.Target, objects);
        }

        return objects;
    }

    private static void Apply(string patchFile, PatchTarget target, List<JsonObject> objects)
    {
        var operations = YamlJson.Parse(File.ReadAllText(patchFile)) as JsonArray
            ?? throw new InvalidDataException($"{patchFile}: not a JSON 6902 operation list.");
        var targets = objects.Where(o => Targets(target, o)).ToList();
        if (targets.Count == 0)
        {
            throw new InvalidDataException($"{patchFile}: no object is a {target.Kind} named {target.Name}.");
        }

        foreach (var o in targets)
        {
            // A fresh document per object: the library keeps state in the operations it applies.
            var document = JsonSerializer.Deserialize<JsonPatchDocument>(operations.ToJsonString())!;
            document.ApplyTo(o);
        }
    }

    private static bool Targets(PatchTarget target, JsonObject o)
    {
        var apiVersion = o["apiVersion"]!.GetValue<string>();
        var (group, version) = apiVersion.Contains('/', StringComparison.Ordinal)
            ? (apiVersion[..apiVersion.IndexOf('/', StringComparison.Ordinal)], apiVersion[(apiVersion.IndexOf('/', StringComparison.Ordinal) + 1)..])
            : ("", apiVersion);
        return o["kind"]!.GetValue<string>() == target.Kind
            && o["metadata"]!["name"]!.GetValue<string>() == target.Name
            && (target.Group is null || target.Group == group)
            && (target.Version is null || target.Version == version)
            && (target.Namespace is null || target.Namespace == o["metadata"]!["namespace"]?.GetValue<string>());
    }
}
