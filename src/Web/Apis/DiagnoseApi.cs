using ControlPlane.Contracts.Nodes;
using ControlPlane.Diagnostics;
using ControlPlane.Grains.Nodes;
using ControlPlane.Web.Apis.Problems;
using ControlPlane.Web.Auth;
using ControlPlane.Wire.Identity;
using ControlPlane.Wire.Nodes;
using ControlPlane.Wire.Probes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace ControlPlane.Web.Apis;

/// <summary><c>POST /api/v1/diagnose/nccl</c>: which wire a job really used, and why it is slow or hung.</summary>
internal static class DiagnoseApi
{
    public static IEndpointRouteBuilder MapDiagnoseApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/api/v1/diagnose").WithTags("Diagnosis")
            .MapPost("/nccl", DiagnoseNccl).WithName("DiagnoseNccl")
            .WithSummary("Diagnose NCCL_DEBUG=INFO / ProcessGroupNCCL logs (JSON {logs:[{name,text}], node?} or multipart files + node).")
            .Accepts<NcclLogsBody>("application/json", "multipart/form-data")
            .DisableAntiforgery()
            .RequireAuthorization(Policies.Read);
        return routes;
    }

    public static async Task<Results<Ok<NcclDiagnosis>, ValidationProblem, BodyProblem, NotFoundProblem, UnprocessableProblem>> DiagnoseNccl(HttpRequest request, IGrainFactory grains, IOptions<DiagnoseOptions> options, CancellationToken cancellationToken)
    {
        var max = options.Value.MaxBytes;
        if (request.ContentLength > max)
        {
            return LogsTooLarge(max);
        }

        var (body, problem) = request.HasFormContentType
            ? await ReadMultipartAsync(request, max, cancellationToken)
            : await BoundedJsonBody.ReadAsync<NcclLogsBody>(request, max, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (body!.Logs is not { Length: > 0 } logs || logs.Any(l => l is null || string.IsNullOrEmpty(l.Text)))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["logs"] = ["give at least one log, each with text"] });
        }

        NodeContext? context = null;
        if (body.Node is { } node)
        {
            if (!NodeId.IsValid(node))
            {
                return NodesApi.InvalidNode(node);
            }

            if (await grains.GetGrain<INodeGrain>(node).GetAsync() is not { } view)
            {
                return NodesApi.UnknownNode(node);
            }

            context = ContextOf(view);
        }

        var diagnosis = NcclLogDiagnoser.Diagnose([.. logs.Select((l, i) => new LogSource(string.IsNullOrWhiteSpace(l.Name) ? $"log-{i}" : l.Name, l.Text))], context);
        return diagnosis.HasNcclLines
            ? TypedResults.Ok(diagnosis)
            : new UnprocessableProblem("No NCCL output",
                "None of the logs holds an NCCL (NCCL_DEBUG=INFO) or ProcessGroupNCCL line: run the job with NCCL_DEBUG=INFO and send its output.");
    }

    /// <summary>What the fleet knows of the node the ranks ran on.</summary>
    public static NodeContext ContextOf(NodeView node)
    {
        var best = NodeSummaryFactory.BestGpuLink(node.Topology, node.Gpus.Select(g => g.Report.Index));
        return new NodeContext
        {
            RanksShareNode = true,
            GpusNvLinked = best?.IsNvLink,
            NvLinkCount = best is { IsNvLink: true } nv ? nv.NvLinks : null,
            HasActiveIbPorts = node.Nics.Any(n => n.Report.State == PortState.Active),
            RdmaResource = node.Nics.Select(n => n.Report.RdmaResource).FirstOrDefault(r => r is not null),
        };
    }

    private static BodyProblem LogsTooLarge(long max) => BodyProblem.TooLarge("Logs too large", $"At most {max} bytes of logs per request.");

    private static async Task<(NcclLogsBody? Body, BodyProblem? Problem)> ReadMultipartAsync(HttpRequest request, long max, CancellationToken cancellationToken)
    {
        try
        {
            return await ReadFilesAsync(request, max, cancellationToken);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or BadHttpRequestException)
        {
            // No boundary, a truncated part, a body cut short: the client's to fix, not a server error.
            return (null, BodyProblem.Invalid(new Dictionary<string, string[]> { ["body"] = [$"malformed multipart/form-data: {e.Message}"] }, "Malformed multipart body"));
        }
    }

    private static async Task<(NcclLogsBody? Body, BodyProblem? Problem)> ReadFilesAsync(HttpRequest request, long max, CancellationToken cancellationToken)
    {
        var form = await request.ReadFormAsync(cancellationToken);
        var logs = new List<NcclLog>();
        long total = 0;
        foreach (var file in form.Files)
        {
            total += file.Length;
            if (total > max)
            {
                return (null, LogsTooLarge(max));
            }

            using var reader = new StreamReader(file.OpenReadStream());
            logs.Add(new NcclLog(file.FileName, await reader.ReadToEndAsync(cancellationToken)));
        }

        return (new NcclLogsBody([.. logs], form["node"].FirstOrDefault()), null);
    }
}

internal sealed record NcclLogsBody(NcclLog[]? Logs, string? Node);

internal sealed record NcclLog(string? Name, string Text);
