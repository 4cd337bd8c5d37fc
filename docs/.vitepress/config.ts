/**
 * The site: English at the root (the files live in en/, moved to / by `rewrites`), 简体中文 under
 * /zh/. Every page exists in both languages; the language switcher maps one to the other.
 *
 * Dead links fail the build (ignoreDeadLinks is left at its default, off): a chapter that points at
 * a page nobody wrote is a bug, and `npm run docs:build` is where it is caught.
 */
import { type DefaultTheme, defineConfig } from 'vitepress';
import { homeFrontmatter } from './home.ts';
import { siteStages } from './stages.ts';

function sidebar(lang: 'en' | 'zh'): DefaultTheme.SidebarItem[] {
  const prefix = lang === 'en' ? '/' : '/zh/';
  const t = (en: string, zh: string) => (lang === 'en' ? en : zh);
  return [
    {
      text: t('Start', '开始'),
      items: [
        { text: t('Home', '首页'), link: prefix },
        { text: t('Reading guide', '阅读指南'), link: `${prefix}reading-guide` },
      ],
    },
    {
      text: t('Stages', '阶段'),
      items: siteStages.map((s) => ({
        text: `${s.slug.slice(0, 2)} · ${lang === 'en' ? s.en : s.zh}`,
        link: `${prefix}stages/${s.slug}`,
      })),
    },
    {
      text: t('Reference', '参考'),
      items: [
        { text: t('Modern Node differs', '现代 Node 的不同'), link: `${prefix}modern-node` },
        { text: t('Serving modes', '服务模式'), link: `${prefix}modes` },
        { text: t('Benchmarks', '基准测试'), link: `${prefix}benchmarks` },
        { text: t('Sessions that stick', '会话粘滞'), link: `${prefix}sticky-sessions` },
        { text: t('The lab', '实验室'), link: `${prefix}lab` },
        { text: t('Glossary', '术语表'), link: `${prefix}glossary` },
      ],
    },
  ];
}

function nav(lang: 'en' | 'zh'): DefaultTheme.NavItem[] {
  const prefix = lang === 'en' ? '/' : '/zh/';
  const t = (en: string, zh: string) => (lang === 'en' ? en : zh);
  return [
    { text: t('Reading guide', '阅读指南'), link: `${prefix}reading-guide` },
    { text: t('Stages', '阶段'), link: `${prefix}stages/01-spawn-exec` },
    { text: t('Modern Node differs', '现代 Node 的不同'), link: `${prefix}modern-node` },
    { text: t('Glossary', '术语表'), link: `${prefix}glossary` },
  ];
}

export default defineConfig({
  title: 'cluster-from-scratch',
  description: "Rebuild Node.js's cluster module from nothing, one runnable stage at a time.",
  srcDir: '.',
  srcExclude: ['scripts/**', 'test/**', 'node_modules/**', '**/README.md'],
  // The English pages live in en/ (so the stage READMEs can link docs/en/stages/NN-slug.md) and
  // are served from the root. Relative links inside en/ are unchanged by the move.
  rewrites: { 'en/:rest*': ':rest*' },
  lastUpdated: false,
  markdown: { theme: { light: 'github-light', dark: 'github-dark' } },
  locales: {
    root: {
      label: 'English',
      lang: 'en',
      themeConfig: { nav: nav('en'), sidebar: sidebar('en') },
    },
    zh: {
      label: '简体中文',
      lang: 'zh-CN',
      link: '/zh/',
      description: '从零重建 Node.js 的 cluster 模块，每一步都能运行。',
      themeConfig: {
        nav: nav('zh'),
        sidebar: sidebar('zh'),
        outline: { label: '本页目录', level: [2, 3] },
        docFooter: { prev: '上一页', next: '下一页' },
        langMenuLabel: '语言',
        returnToTopLabel: '回到顶部',
        sidebarMenuLabel: '菜单',
        darkModeSwitchLabel: '外观',
      },
    },
  },
  themeConfig: {
    outline: { level: [2, 3] },
    search: { provider: 'local' },
  },
  // No page has YAML frontmatter (biome's markdown formatter mangles it; see home.ts): the home
  // pages get their layout, hero and cards here.
  transformPageData(pageData) {
    if (pageData.filePath === 'en/index.md') return { frontmatter: homeFrontmatter('en') };
    if (pageData.filePath === 'zh/index.md') return { frontmatter: homeFrontmatter('zh') };
    return undefined;
  },
});
