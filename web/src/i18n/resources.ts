import zhCN from './locales/zh-CN.json';
import enUS from './locales/en-US.json';

type Messages = Record<string, unknown>;

/**
 * Each module keeps its messages in locales/<module>/<lang>.json under its own top-level key, so
 * modules are translated (and reviewed) apart; here they join the shared file's messages.
 */
const moduleFiles = import.meta.glob<Messages>('./locales/*/*.json', { eager: true, import: 'default' });

export function messagesOf(lang: 'zh-CN' | 'en-US'): Messages {
  const out: Messages = { ...(lang === 'zh-CN' ? zhCN : enUS) };
  for (const [path, messages] of Object.entries(moduleFiles)) {
    if (!path.endsWith(`/${lang}.json`)) continue;
    for (const [key, value] of Object.entries(messages)) {
      if (key in out) throw new Error(`Locale key ${key} of ${path} is defined twice`);
      out[key] = value;
    }
  }
  return out;
}

export function localeResources() {
  return { 'zh-CN': { translation: messagesOf('zh-CN') }, 'en-US': { translation: messagesOf('en-US') } };
}
