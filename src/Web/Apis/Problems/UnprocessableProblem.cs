using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;

namespace ControlPlane.Web.Apis.Problems;

/// <summary>422: well-formed input that holds nothing to work on.</summary>
internal sealed class UnprocessableProblem(string title, string detail) : ProblemResult(StatusCodes.Status422UnprocessableEntity, title, detail), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Declare(builder, StatusCodes.Status422UnprocessableEntity);
}
