using System.Globalization;
using System.Text.Json.Nodes;
using ControlPlane.Kubernetes;
using k8s;
using Microsoft.AspNetCore.Http;

namespace ControlPlane.Testing;

/// <summary>
/// Writes: server-side apply (PATCH <c>application/apply-patch+yaml</c>) and create (POST), with field managers, apply
/// conflicts, resourceVersion preconditions and the immutable fields of <see cref="ImmutableChange"/>.
/// </summary>
public sealed partial class FakeKubernetesApiServer
{
    private readonly Dictionary<string, Dictionary<string, Manager>> managers = new(StringComparer.Ordinal);

    /// <summary>Who owns which fields of a stored object (<c>.spec.replicas</c> → <c>kubectl</c>), as its managedFields say.</summary>
    public IReadOnlyDictionary<string, string> FieldOwners(string path)
    {
        lock (gate)
        {
            return managers.GetValueOrDefault(path)?.SelectMany(m => m.Value.Fields.Keys.Select(f => (Field: f, Manager: m.Key)))
                .ToDictionary(x => x.Field, x => x.Manager, StringComparer.Ordinal) ?? [];
        }
    }

    private async Task ApplyAsync(HttpContext context, string path, string body)
    {
        await AppliesHeld().WaitAsync(context.RequestAborted);
        if (RefuseApplies is { } refusal)
        {
            await StatusAsync(context, refusal.Code, refusal.Reason, refusal.Message);
            return;
        }

        var query = context.Request.Query;
        var manager = query["fieldManager"].ToString();
        if (string.IsNullOrEmpty(manager))
        {
            // https://kubernetes.io/docs/reference/using-api/server-side-apply/#using-server-side-apply-in-a-controller
            await StatusAsync(context, 400, "BadRequest", "PATCH: fieldManager: Required value: is required for apply patch");
            return;
        }

        var applied = JsonNode.Parse(KubernetesJson.Serialize(ManifestYaml.Load(body).Single()))!.AsObject();
        var (stored, refused) = Write(path, manager, "Apply", query["force"] == "true", applied);
        await (refused is { } r ? StatusAsync(context, r.Code, r.Reason, r.Message, r.Details) : Json(context, 200, stored!));
    }

    /// <summary>
    /// POST to a collection: 409 AlreadyExists for a name that exists, "object is being deleted: …" when that object is
    /// terminating (https://kubernetes.io/docs/reference/using-api/api-concepts/#resource-versions, the registry's Create).
    /// The product never creates (server-side apply creates or updates); this keeps a client that does honest.
    /// </summary>
    private async Task CreateAsync(HttpContext context, string collection, string body)
    {
        var created = JsonNode.Parse(body)!.AsObject();
        var path = $"{collection}/{created["metadata"]?["name"]?.GetValue<string>()}";
        bool exists;
        bool terminating;
        lock (gate)
        {
            exists = objects.TryGetValue(path, out var existing);
            terminating = existing?["metadata"]?["deletionTimestamp"] is not null;
        }

        if (exists)
        {
            var message = $"{(terminating ? "object is being deleted: " : "")}{QualifiedResource(path)} \"{NameOf(path)}\" already exists";
            await StatusAsync(context, 409, "AlreadyExists", message, Details(path));
            return;
        }

        // Without a fieldManager the server names the manager after the client's user agent.
        var manager = context.Request.Query["fieldManager"].ToString() is { Length: > 0 } named ? named : context.Request.Headers.UserAgent.ToString().Split('/')[0];
        var (stored, refused) = Write(path, manager, "Update", force: true, created);
        await (refused is { } r ? StatusAsync(context, r.Code, r.Reason, r.Message, r.Details) : Json(context, 201, stored!));
    }

    private (JsonObject? Stored, Refusal? Refused) Write(string path, string manager, string operation, bool force, JsonObject applied)
    {
        lock (gate)
        {
            objects.TryGetValue(path, out var existing);
            var name = NameOf(path);

            // https://kubernetes.io/docs/reference/using-api/api-concepts/#resource-versions: a write that names a
            // resourceVersion is a precondition; an older one than stored is a conflict (optimistic concurrency).
            if (existing is not null && applied["metadata"]?["resourceVersion"]?.GetValue<string>() is { } expected
                && expected != existing["metadata"]!["resourceVersion"]!.GetValue<string>())
            {
                return (null, new Refusal(409, "Conflict", $"Operation cannot be fulfilled on {QualifiedResource(path)} \"{name}\": the object has been modified; please apply your changes to the latest version and try again", Details(path)));
            }

            var owners = managers.GetValueOrDefault(path)?.ToDictionary(m => m.Key, m => m.Value with { Fields = new(m.Value.Fields) }, StringComparer.Ordinal) ?? [];
            var fields = AppliedFields.Of(applied);
            var now = existing is null ? [] : AppliedFields.Of(existing);

            // https://kubernetes.io/docs/reference/using-api/server-side-apply/#conflicts: a field another manager owns
            // may only be set to a different value with force, which moves it to the applier.
            var conflicts = (from field in fields
                             from owner in owners
                             where owner.Key != manager && owner.Value.Fields.ContainsKey(field.Key)
                                 && now.TryGetValue(field.Key, out var current) && !JsonNode.DeepEquals(current.Value, field.Value.Value)
                             select (Field: field.Key, Manager: owner.Key, owner.Value.ApiVersion)).ToList();
            if (conflicts.Count > 0 && !force)
            {
                return (null, ApplyConflict(path, conflicts));
            }

            foreach (var c in conflicts)
            {
                owners[c.Manager].Fields.Remove(c.Field);
            }

            // Fields other managers still own stay as they are; those only this manager owned and no longer applies go.
            var merged = applied.DeepClone().AsObject();
            merged.Remove("status");
            foreach (var kept in owners.Where(o => o.Key != manager).SelectMany(o => o.Value.Fields.Keys).Where(f => !fields.ContainsKey(f)).Distinct())
            {
                if (now.TryGetValue(kept, out var leaf))
                {
                    AppliedFields.Set(merged, leaf.Segments, leaf.Value?.DeepClone());
                }
            }

            if (existing is not null && ImmutableChange(path, existing, merged) is { } invalid)
            {
                return (null, invalid);
            }

            owners[manager] = new Manager(operation, applied["apiVersion"]?.GetValue<string>() ?? "v1", fields.ToDictionary(f => f.Key, f => f.Value.Segments, StringComparer.Ordinal));
            foreach (var empty in owners.Where(o => o.Value.Fields.Count == 0).Select(o => o.Key).ToList())
            {
                owners.Remove(empty);
            }

            managers[path] = owners;
            return (Store(path, existing, merged, owners), null);
        }
    }

    private JsonObject Store(string path, JsonObject? existing, JsonObject merged, Dictionary<string, Manager> owners)
    {
        var metadata = merged["metadata"]!.AsObject();
        metadata.Remove("resourceVersion");
        if (existing is null)
        {
            metadata.Remove("deletionTimestamp");
            metadata.Remove("deletionGracePeriodSeconds");
            metadata["uid"] = Guid.NewGuid().ToString();
            metadata["creationTimestamp"] = Timestamp(DateTimeOffset.UtcNow);
            OnCreated(path, merged);
        }
        else
        {
            // What the server and controllers own survives a write: identity, the deletion mark, finalizers, status.
            foreach (var key in new[] { "uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds" })
            {
                if (existing["metadata"]?[key] is { } value)
                {
                    metadata[key] = value.DeepClone();
                }
            }

            var finalizers = Finalizers(existing).Union(Finalizers(merged)).ToArray();
            metadata["finalizers"] = finalizers.Length > 0 ? new JsonArray([.. finalizers.Select(f => JsonValue.Create(f))]) : null;
            if (existing["status"] is { } status)
            {
                merged["status"] = status.DeepClone();
            }
        }

        metadata["managedFields"] = new JsonArray([.. owners.Select(o => (JsonNode)new JsonObject
        {
            ["manager"] = o.Key,
            ["operation"] = o.Value.Operation,
            ["apiVersion"] = o.Value.ApiVersion,
            ["time"] = Timestamp(DateTimeOffset.UtcNow),
            ["fieldsType"] = "FieldsV1",
            ["fieldsV1"] = AppliedFields.FieldsV1(o.Value.Fields.Values),
        })]);
        objects[path] = merged;
        Record(existing is null ? "ADDED" : "MODIFIED", path, merged);
        return merged.DeepClone().AsObject();
    }

    /// <summary>As the real server words it: <c>Apply failed with 1 conflict: conflict with "kubectl" using v1: .spec.replicas</c>.</summary>
    private static Refusal ApplyConflict(string path, List<(string Field, string Manager, string ApiVersion)> conflicts)
    {
        var causes = new JsonArray([.. conflicts.Select(c => (JsonNode)new JsonObject
        {
            ["reason"] = "FieldManagerConflict",
            ["message"] = $"conflict with \"{c.Manager}\" using {c.ApiVersion}",
            ["field"] = c.Field,
        })]);
        var message = conflicts.Count == 1
            ? $"Apply failed with 1 conflict: conflict with \"{conflicts[0].Manager}\" using {conflicts[0].ApiVersion}: {conflicts[0].Field}"
            : $"Apply failed with {conflicts.Count} conflicts: " + string.Join("\n", conflicts.GroupBy(c => (c.Manager, c.ApiVersion))
                .Select(g => $"conflicts with \"{g.Key.Manager}\" using {g.Key.ApiVersion}:\n" + string.Join("\n", g.Select(c => $"- {c.Field}"))));
        return new Refusal(409, "Conflict", message, Details(path, causes));
    }

    private static IEnumerable<string> Finalizers(JsonObject o) =>
        o["metadata"]?["finalizers"]?.AsArray().Select(f => f!.GetValue<string>()) ?? [];

    private static string Timestamp(DateTimeOffset at) => at.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private sealed record Manager(string Operation, string ApiVersion, Dictionary<string, string[]> Fields);

    private sealed record Refusal(int Code, string Reason, string Message, JsonObject? Details = null);
}
