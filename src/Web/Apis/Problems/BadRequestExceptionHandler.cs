using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace ControlPlane.Web.Apis.Problems;

/// <summary>
/// A request the endpoint's parameters could not be bound from (malformed, mistyped or missing JSON body, wrong content
/// type): answered as <see cref="BoundedJsonBody"/> answers, with the field by its JSON path, instead of a bare 400.
/// Needs <c>RouteHandlerOptions.ThrowOnBadRequest</c> so the binding failure reaches the exception handler.
/// </summary>
internal sealed class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad || httpContext.Response.HasStarted)
        {
            return false;
        }

        httpContext.Response.StatusCode = bad.StatusCode;
        ProblemDetails details = bad.InnerException is JsonException json
            ? new HttpValidationProblemDetails(new Dictionary<string, string[]> { [JsonErrors.PathOf(json)] = [JsonErrors.MessageOf(json)] })
            {
                Title = "Malformed JSON",
                Detail = $"The body could not be read at {JsonErrors.PathOf(json)}.",
            }
            : new ProblemDetails
            {
                Title = bad.StatusCode switch
                {
                    StatusCodes.Status415UnsupportedMediaType => BodyProblem.NotJsonTitle,
                    StatusCodes.Status413PayloadTooLarge => "Body too large",
                    _ => "Bad request",
                },
                Detail = bad.StatusCode == StatusCodes.Status415UnsupportedMediaType ? BodyProblem.NotJsonDetail : bad.Message,
            };
        details.Status = bad.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, Exception = exception, ProblemDetails = details });
    }
}
