package io.mirador.store.clickhouse;

/** The store's newest migration, read directly (this test class shares the store's package). */
public final class StoreSchemaProbe {
  private StoreSchemaProbe() {}

  public static int newest() {
    return Migrations.all(SchemaOptions.singleNode("mirador")).stream()
        .mapToInt(Migration::version)
        .max()
        .orElseThrow();
  }
}
