using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace ControlPlane.Testing;

/// <summary>Pod logs, as the kubelet serves them through <c>GET .../pods/{name}/log</c>.</summary>
public sealed partial class FakeKubernetesApiServer
{
    private readonly ConcurrentDictionary<string, string> logs = new(StringComparer.Ordinal);

    private readonly ConcurrentDictionary<string, string> previousLogs = new(StringComparer.Ordinal);

    /// <summary>What <c>GET .../pods/{name}/log</c> answers for the pod (its containers' output, e.g. a real NCCL log fixture).</summary>
    public void SetPodLog(string ns, string name, string text) => logs[$"/api/v1/namespaces/{ns}/pods/{name}"] = text;

    /// <summary>The log of the pod's container before its last restart (<c>previous=true</c>); without one that read is 400.</summary>
    public void SetPreviousPodLog(string ns, string name, string text) => previousLogs[$"/api/v1/namespaces/{ns}/pods/{name}"] = text;

    /// <summary>
    /// As the kubelet answers <c>GET .../pods/{name}/log</c> (Kubernetes API reference, <c>PodLogOptions</c>): 404 for a
    /// pod that does not exist; 400 "is waiting to start" while no container has started (no status yet, or Pending); <c>previous=true</c> for a container that never restarted is 400 ("previous terminated
    /// container … not found"); <c>tailLines</c> selects the last lines, and <c>limitBytes</c> then stops after that many
    /// bytes <em>from the start</em> of what was selected, so a byte limit alone answers the head of the log.
    /// </summary>
    private async Task ServeLogAsync(HttpContext context, string podPath)
    {
        string? phase;
        bool exists;
        lock (gate)
        {
            exists = objects.TryGetValue(podPath, out var stored);
            phase = stored?["status"]?["phase"]?.GetValue<string>();
        }

        var pod = podPath[(podPath.LastIndexOf('/') + 1)..];
        if (!exists)
        {
            await StatusAsync(context, 404, "NotFound", $"pods \"{pod}\" not found");
            return;
        }

        var query = context.Request.Query;
        if (phase is null or "Pending" && query["previous"] != "true")
        {
            // No container has started yet: the kubelet has no log to stream.
            await StatusAsync(context, 400, "BadRequest", $"container \"engine\" in pod \"{pod}\" is waiting to start: ContainerCreating");
            return;
        }

        string text;
        if (query.TryGetValue("previous", out var previous) && previous == "true")
        {
            if (!previousLogs.TryGetValue(podPath, out var before))
            {
                await StatusAsync(context, 400, "BadRequest", $"previous terminated container \"engine\" in pod \"{pod}\" not found");
                return;
            }

            text = before;
        }
        else
        {
            text = logs.GetValueOrDefault(podPath, "");
        }

        if (query.TryGetValue("tailLines", out var tail) && int.TryParse(tail, CultureInfo.InvariantCulture, out var lines))
        {
            var all = text.Split('\n');
            var ends = text.EndsWith('\n');
            var kept = all[..(ends ? ^1 : ^0)];
            text = string.Join('\n', kept[Math.Max(0, kept.Length - lines)..]) + (ends ? "\n" : "");
        }

        if (query.TryGetValue("limitBytes", out var limit) && int.TryParse(limit, CultureInfo.InvariantCulture, out var bytes) && bytes < text.Length)
        {
            text = text[..bytes];
        }

        context.Response.ContentType = "text/plain";
        await context.Response.WriteAsync(text);
    }
}
