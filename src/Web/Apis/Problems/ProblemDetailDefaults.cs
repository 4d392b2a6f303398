namespace ControlPlane.Web.Apis.Problems;

/// <summary>Every problem has a <c>detail</c> (the README's contract): a validation problem's names its fields.</summary>
internal static class ProblemDetailDefaults
{
    public static void Fill(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        problem.Detail ??= problem switch
        {
            HttpValidationProblemDetails { Errors.Count: > 0 } invalid => $"Invalid: {string.Join(", ", invalid.Errors.Keys)}.",
            // Minimal APIs answer a body of the wrong type themselves, before any handler or exception.
            { Status: StatusCodes.Status415UnsupportedMediaType } => BodyProblem.NotJsonDetail,
            _ => problem.Title,
        };
    }
}
