using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;

namespace ControlPlane.Web.Apis.Problems;

/// <summary>503: nothing changed because something the request needs failed for now (storage); the same request may be retried.</summary>
internal sealed class UnavailableProblem(string title, string? detail)
    : ProblemResult(StatusCodes.Status503ServiceUnavailable, title, detail), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Declare(builder, StatusCodes.Status503ServiceUnavailable);
}
