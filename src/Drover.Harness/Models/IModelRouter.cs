namespace Drover.Harness.Models;

/// <summary>Chooses the model client for an agent's model name (Claude models to Anthropic, others to configured OpenAI-compatible endpoints).</summary>
public interface IModelRouter
{
    /// <summary>
    /// Returns the client that serves <paramref name="model"/>. Throws <see cref="ModelException"/> (not transient)
    /// saying what to configure when nothing serves it or its provider lacks a key.
    /// </summary>
    IModelClient Resolve(string model);
}
