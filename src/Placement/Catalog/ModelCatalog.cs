using ControlPlane.Wire.Deployments;

namespace ControlPlane.Placement;

/// <summary>
/// The models placement knows the KV-cache shape of. KV bytes per token come from
/// <see cref="ModelSpec.KvBytesPerToken"/>: layers × kv_heads × head_dim × 2 × dtype bytes.
/// </summary>
/// <remarks>
/// DeepSeek-V3 uses multi-head latent attention: per token and layer it caches one compressed latent
/// (kv_lora_rank 512) plus the decoupled RoPE key (64), 576 values, not separate K and V per head.
/// It is entered as 1 "KV head" of head dim 288 so that the K-and-V factor 2 of the formula gives
/// exactly 576: 61 × 576 × 2 bytes = 70,272 bytes/token (bf16), 288 MB for a 4k-token prompt.
/// </remarks>
public static class ModelCatalog
{
    public const string Custom = "custom";

    public static readonly IReadOnlyDictionary<string, ModelSpec> Models = new Dictionary<string, ModelSpec>(StringComparer.OrdinalIgnoreCase)
    {
        // Source: the Hugging Face repo the engines load (their model cards give these shapes).
        ["qwen2.5-72b"] = new() { Id = "qwen2.5-72b", Layers = 80, KvHeads = 8, HeadDim = 128, DtypeBytes = 2, WeightGiB = 145, Source = "Qwen/Qwen2.5-72B-Instruct" },
        ["llama-3.1-8b"] = new() { Id = "llama-3.1-8b", Layers = 32, KvHeads = 8, HeadDim = 128, DtypeBytes = 2, WeightGiB = 15, Source = "meta-llama/Llama-3.1-8B-Instruct" },
        ["llama-3.1-70b"] = new() { Id = "llama-3.1-70b", Layers = 80, KvHeads = 8, HeadDim = 128, DtypeBytes = 2, WeightGiB = 131.5, Source = "meta-llama/Llama-3.1-70B-Instruct" },
        // MLA: 512 (kv_lora_rank) + 64 (rope) = 576 = 1 × 288 × 2; FP8 weights, ~671 B parameters.
        ["deepseek-v3"] = new() { Id = "deepseek-v3", Layers = 61, KvHeads = 1, HeadDim = 288, DtypeBytes = 2, WeightGiB = 625, Source = "deepseek-ai/DeepSeek-V3" },
    };

    /// <summary>The catalog entry, or the spec's <c>customModel</c> when <c>model</c> is <c>custom</c>; null when unknown.</summary>
    public static ModelSpec? Resolve(DeploymentSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (string.Equals(spec.Model, Custom, StringComparison.OrdinalIgnoreCase))
        {
            return spec.CustomModel;
        }

        return Models.GetValueOrDefault(spec.Model ?? "");
    }
}
