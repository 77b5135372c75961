// text.js — the text every widget shares: the toolbar, the plots' tables and hints, messages
// about settings. Widgets' own text lives in their folders (see i18n.js).
export default {
  en: {
    // between the parts of a label ("lstm n=8 · seed 1"): in Persian a middle dot next to Persian
    // digits reads as the digit zero ("n=۴ · بذر ۱" as "n=۴۰"), so Persian joins with its comma
    sep: ' · ',
    'model-src: "{url}" is not a URL.': 'model-src: "{url}" is not a URL.',
    'Could not fetch the model {url}: a page opened from a file may not read other files. Serve the page over http(s), or load the file with Load model… (or drop it on the widget).':
      'Could not fetch the model {url}: a page opened from a file may not read other files. Serve the page over http(s), or load the file with Load model… (or drop it on the widget).',
    "Could not fetch the model {url}: a network error, or the page's Content-Security-Policy has no connect-src for it.":
      "Could not fetch the model {url}: a network error, or the page's Content-Security-Policy has no connect-src for it.",
    'Could not fetch the model {url}: the server answered {status}.':
      'Could not fetch the model {url}: the server answered {status}.',
    'model-src: <{widget}> shows no trained model.': 'model-src: <{widget}> shows no trained model.',
    'What to notice': 'What to notice',
    'The URL key {keys} means nothing here and is ignored; known keys: {known}.':
      'The URL key {keys} means nothing here and is ignored; known keys: {known}.',
    'The WebAssembly core could not start': 'The WebAssembly core could not start',
    Attribute: 'Attribute',
    URL: 'URL',
    'The core refused these settings': 'The core refused these settings',
    'Export and share': 'Export and share',
    'Copy link': 'Copy link',
    'Embed…': 'Embed…',
    'Link copied.': 'Link copied.',
    'Copy this link:': 'Copy this link:',
    'Embed this view in a page: one script and one tag (the file seqlab.js next to the page), or an iframe of the lab.':
      'Embed this view in a page: one script and one tag (the file seqlab.js next to the page), or an iframe of the lab.',
    'Download the plots as PNG': 'Download the plots as PNG',
    'Download the plots as SVG': 'Download the plots as SVG',
    'Download the numbers as CSV': 'Download the numbers as CSV',
    'Download the numbers as JSON': 'Download the numbers as JSON',
    'Table of the numbers': 'Table of the numbers',
    heatmap: 'heatmap',
    series: 'series',
    'Arrow keys step through the points; the table below lists them.':
      'Arrow keys step through the points; the table below lists them.',
    'Arrow keys move between cells; the table below lists the numbers.':
      'Arrow keys move between cells; the table below lists the numbers.',
    'masked (−∞)': 'masked (−∞)',
    'Showing the first': 'Showing the first',
    'one of {list}': 'one of {list}',
    'a whole number from {min} to {max}': 'a whole number from {min} to {max}',
    'a number from {min} to {max}': 'a number from {min} to {max}',
    'true or false (1 or 0)': 'true or false (1 or 0)',
    'text of at most {n} characters': 'text of at most {n} characters',
    'a valid value': 'a valid value',
    '{value} is not {what}; using {default}.': '{value} is not {what}; using {default}.',
  },
  fa: {
    sep: '، ',
    'model-src: "{url}" is not a URL.': 'model-src: «{url}» نشانی معتبری نیست.',
    'Could not fetch the model {url}: a page opened from a file may not read other files. Serve the page over http(s), or load the file with Load model… (or drop it on the widget).':
      'مدل {url} دریافت نشد: صفحه‌ای که از یک فایل باز شده نمی‌تواند فایل‌های دیگر را بخواند. صفحه را از راه http(s) باز کنید، یا فایل را با «بارگذاری مدل…» بارگذاری کنید (یا روی ابزارک رها کنید).',
    "Could not fetch the model {url}: a network error, or the page's Content-Security-Policy has no connect-src for it.":
      'مدل {url} دریافت نشد: خطای شبکه، یا Content-Security-Policy صفحه برای آن connect-src ندارد.',
    'Could not fetch the model {url}: the server answered {status}.': 'مدل {url} دریافت نشد: پاسخ کارساز {status} بود.',
    'model-src: <{widget}> shows no trained model.': 'model-src: ‏<{widget}> مدل آموزش‌دیده‌ای نشان نمی‌دهد.',
    'What to notice': 'به چه نگاه کنیم',
    'The URL key {keys} means nothing here and is ignored; known keys: {known}.':
      'کلید نشانی {keys} در اینجا معنایی ندارد و نادیده گرفته می‌شود؛ کلیدهای شناخته: {known}.',
    'The WebAssembly core could not start': 'هستهٔ وب‌اسمبلی راه‌اندازی نشد',
    Attribute: 'ویژگی',
    URL: 'نشانی (URL)',
    'The core refused these settings': 'هسته این تنظیمات را نپذیرفت',
    'Export and share': 'خروجی و اشتراک',
    'Copy link': 'رونوشت پیوند',
    'Embed…': 'جاسازی…',
    'Link copied.': 'پیوند رونوشت شد.',
    'Copy this link:': 'این پیوند را رونوشت کنید:',
    'Embed this view in a page: one script and one tag (the file seqlab.js next to the page), or an iframe of the lab.':
      'این نما را در یک صفحه جاسازی کنید: یک اسکریپت و یک برچسب (پروندهٔ seqlab.js کنار صفحه)، یا یک iframe از آزمایشگاه.',
    'Download the plots as PNG': 'بارگیری نمودارها به‌صورت PNG',
    'Download the plots as SVG': 'بارگیری نمودارها به‌صورت SVG',
    'Download the numbers as CSV': 'بارگیری اعداد به‌صورت CSV',
    'Download the numbers as JSON': 'بارگیری اعداد به‌صورت JSON',
    'Table of the numbers': 'جدول اعداد',
    heatmap: 'نقشهٔ حرارتی',
    series: 'سری',
    'Arrow keys step through the points; the table below lists them.':
      'کلیدهای جهت میان نقطه‌ها جابه‌جا می‌شوند؛ جدول زیر آن‌ها را فهرست می‌کند.',
    'Arrow keys move between cells; the table below lists the numbers.':
      'کلیدهای جهت بین خانه‌ها جابه‌جا می‌شوند؛ جدول زیر اعداد را فهرست می‌کند.',
    'masked (−∞)': 'پوشانده (−∞)',
    'Showing the first': 'نمایش نخستین',
    'one of {list}': 'یکی از {list}',
    'a whole number from {min} to {max}': 'عددی صحیح از {min} تا {max}',
    'a number from {min} to {max}': 'عددی از {min} تا {max}',
    'true or false (1 or 0)': 'true یا false (1 یا 0)',
    'text of at most {n} characters': 'متنی با حداکثر {n} نویسه',
    'a valid value': 'مقداری معتبر',
    '{value} is not {what}; using {default}.': '{value} {what} نیست؛ {default} به کار می‌رود.',
  },
};
