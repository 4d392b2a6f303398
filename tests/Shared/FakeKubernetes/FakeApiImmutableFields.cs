using System.Text.Json.Nodes;

namespace ControlPlane.Testing;

/// <summary>Fields an update may not change: 422 Invalid, as the API server's validation answers.</summary>
public sealed partial class FakeKubernetesApiServer
{
    /// <summary>
    /// What a pod update may change (https://kubernetes.io/docs/concepts/workloads/pods/#pod-update-and-replacement):
    /// the containers' and init containers' images, <c>activeDeadlineSeconds</c>, <c>terminationGracePeriodSeconds</c>,
    /// additions to <c>tolerations</c> and removals of <c>schedulingGates</c>; everything else in the spec (volumes,
    /// affinity, hostIPC, resourceClaims, serviceAccountName, nodeName, the rest of each container…) is immutable.
    /// </summary>
    private static readonly string[] MutablePodSpec = ["activeDeadlineSeconds", "terminationGracePeriodSeconds", "tolerations", "schedulingGates"];

    private static Refusal? ImmutableChange(string path, JsonObject existing, JsonObject updated)
    {
        var resource = path.Split('/')[^2];
        if (resource == "pods" && ImmutablePodFields(existing["spec"] as JsonObject, updated["spec"] as JsonObject) is { Count: > 0 } pod)
        {
            return new Refusal(422, "Invalid",
                $"Pod \"{NameOf(path)}\" is invalid: spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`, `spec.initContainers[*].image`, `spec.activeDeadlineSeconds`, `spec.tolerations` (only additions to existing tolerations), `spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative) ({string.Join(", ", pod)})",
                Details(path, new JsonArray([.. pod.Select(f => (JsonNode)new JsonObject { ["reason"] = "FieldValueForbidden", ["field"] = f })])));
        }

        // https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/resource-claim-v1/: "Spec describes what
        // is being requested and how to configure it. The spec is immutable."
        if (resource == "resourceclaims" && !JsonNode.DeepEquals(existing["spec"], updated["spec"]))
        {
            return new Refusal(422, "Invalid", $"ResourceClaim.resource.k8s.io \"{NameOf(path)}\" is invalid: spec: Invalid value: field is immutable",
                Details(path, new JsonArray(new JsonObject { ["reason"] = "FieldValueInvalid", ["field"] = "spec" })));
        }

        // The ComputeDomain CRD's CEL rule on spec (x-kubernetes-validations: self == oldSelf, message "A computeDomain.spec
        // is immutable"), as the API server words a failed CRD validation rule.
        if (resource == "computedomains" && !JsonNode.DeepEquals(existing["spec"], updated["spec"]))
        {
            return new Refusal(422, "Invalid", $"ComputeDomain.resource.nvidia.com \"{NameOf(path)}\" is invalid: spec: Invalid value: \"object\": A computeDomain.spec is immutable",
                Details(path, new JsonArray(new JsonObject { ["reason"] = "FieldValueInvalid", ["field"] = "spec" })));
        }

        return null;
    }

    private static List<string> ImmutablePodFields(JsonObject? before, JsonObject? after)
    {
        var changed = new List<string>();
        var keys = (before?.Select(p => p.Key) ?? []).Union(after?.Select(p => p.Key) ?? []).Except(MutablePodSpec);
        foreach (var key in keys)
        {
            var was = key is "containers" or "initContainers" ? WithoutImages(before?[key]) : before?[key];
            var now = key is "containers" or "initContainers" ? WithoutImages(after?[key]) : after?[key];
            if (!JsonNode.DeepEquals(was, now))
            {
                changed.Add($"spec.{key}");
            }
        }

        var tolerations = before?["tolerations"]?.AsArray() ?? [];
        if (tolerations.Any(t => !(after?["tolerations"]?.AsArray() ?? []).Any(a => JsonNode.DeepEquals(a, t))))
        {
            changed.Add("spec.tolerations");
        }

        return changed;
    }

    private static JsonNode? WithoutImages(JsonNode? containers)
    {
        var copy = containers?.DeepClone();
        foreach (var c in copy?.AsArray() ?? [])
        {
            c!.AsObject().Remove("image");
        }

        return copy;
    }
}
