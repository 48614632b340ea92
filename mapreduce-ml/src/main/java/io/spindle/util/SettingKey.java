package io.spindle.util;

/** One {@code --set key=value} setting: its name, the default that works, and what it does. */
public final class SettingKey {
  public final String name;
  public final String defaultValue;
  public final String description;

  public SettingKey(String name, String defaultValue, String description) {
    this.name = name;
    this.defaultValue = defaultValue;
    this.description = description;
  }
}
