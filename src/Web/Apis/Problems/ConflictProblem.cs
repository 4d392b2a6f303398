using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;

namespace ControlPlane.Web.Apis.Problems;

/// <summary>409: the request is valid but conflicts with the current state (stale report, fits nowhere, not placed).</summary>
internal sealed class ConflictProblem(string title, string? detail, IDictionary<string, object?>? extensions = null)
    : ProblemResult(StatusCodes.Status409Conflict, title, detail, extensions), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Declare(builder, StatusCodes.Status409Conflict);
}
