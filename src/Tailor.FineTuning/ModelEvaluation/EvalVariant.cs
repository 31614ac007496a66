namespace Tailor.FineTuning.ModelEvaluation;

/// <summary>
/// How a test example is put to a model: <see cref="ZeroShot"/> as it is, <see cref="FewShot"/> after
/// 3–5 similar solved examples, <see cref="Rag"/> with passages retrieved from a knowledge base to cite.
/// </summary>
public enum EvalVariant
{
    ZeroShot,
    FewShot,
    Rag,
}
