namespace Tailor.Migration;

/// <summary>What <see cref="KnowledgeBase.MigrateAsync"/> copied, and where to.</summary>
public sealed record MigrationResult(string Directory, string Database, long Documents, long Chunks, long Embeddings, int Examples, int Sessions, int Keys = 0);
