<?xml version="1.0" encoding="UTF-8"?>
<!-- Renders an RSS 2.0 or Atom feed of Nuea News as a readable Thai page when opened in a browser. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:atom="http://www.w3.org/2005/Atom"
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:media="http://search.yahoo.com/mrss/"
    exclude-result-prefixes="atom dc media">
  <xsl:output method="html" encoding="UTF-8" indent="no" doctype-system="about:legacy-compat"/>

  <xsl:template match="/">
    <xsl:variable name="title" select="rss/channel/title | atom:feed/atom:title"/>
    <xsl:variable name="home" select="rss/channel/link | atom:feed/atom:link[@rel='alternate']/@href"/>
    <html lang="th">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:value-of select="$title"/> (ฟีดข่าว)</title>
        <style>
          body { font-family: "Sarabun", "Noto Sans Thai", "Garuda", "Loma", sans-serif; line-height: 1.7;
                 max-width: 46rem; margin: 0 auto; padding: 1rem; color: #1d2430; background: #fff; }
          .about { background: #fff6d6; border-left: 4px solid #ffc107; padding: .75rem 1rem; }
          .about code { word-break: break-all; }
          h1 { font-size: 1.5rem; margin: .5rem 0; }
          ol { list-style: none; padding: 0; }
          li { display: flex; gap: 1rem; padding: 1rem 0; border-bottom: 1px solid #dde3ea; }
          li img { width: 8rem; height: 5.5rem; object-fit: cover; flex: none; border-radius: 4px; }
          li h2 { font-size: 1.1rem; margin: 0; }
          li p { margin: .25rem 0; }
          .meta { color: #59636e; font-size: .9rem; }
          a { color: #005293; }
        </style>
      </head>
      <body>
        <p class="about">หน้านี้คือ<strong>ฟีดข่าว</strong> สำหรับโปรแกรมอ่านข่าว (RSS/Atom)
          คัดลอกที่อยู่จากแถบที่อยู่ของเบราว์เซอร์ไปวางในโปรแกรมอ่านฟีดเพื่อติดตามข่าวใหม่โดยอัตโนมัติ</p>
        <h1><xsl:value-of select="$title"/></h1>
        <p><xsl:value-of select="rss/channel/description | atom:feed/atom:subtitle"/></p>
        <p><a href="{$home}">ไปที่เว็บไซต์</a></p>
        <ol>
          <xsl:apply-templates select="rss/channel/item | atom:feed/atom:entry"/>
        </ol>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="item | atom:entry">
    <xsl:variable name="link" select="link | atom:link[@rel='alternate']/@href"/>
    <xsl:variable name="photo" select="media:thumbnail/@url"/>
    <li>
      <xsl:if test="$photo">
        <img src="{$photo}" alt="" loading="lazy"/>
      </xsl:if>
      <div>
        <h2><a href="{$link}"><xsl:value-of select="title | atom:title"/></a></h2>
        <p class="meta">
          <xsl:choose>
            <xsl:when test="pubDate"><xsl:call-template name="rss-date"><xsl:with-param name="d" select="pubDate"/></xsl:call-template></xsl:when>
            <xsl:otherwise><xsl:call-template name="iso-date"><xsl:with-param name="d" select="atom:published"/></xsl:call-template></xsl:otherwise>
          </xsl:choose>
          <xsl:if test="dc:creator | atom:author/atom:name">
            · ข่าวโดย <xsl:value-of select="dc:creator | atom:author/atom:name"/>
          </xsl:if>
        </p>
        <p><xsl:value-of select="description | atom:summary"/></p>
      </div>
    </li>
  </xsl:template>

  <!-- "Thu, 10 May 2018 11:48:27 +0700" → "10 พ.ค. 2561 11:48 น." -->
  <xsl:template name="rss-date">
    <xsl:param name="d"/>
    <xsl:variable name="abbr" select="substring($d, 9, 3)"/>
    <xsl:call-template name="thai-date">
      <xsl:with-param name="day" select="number(substring($d, 6, 2))"/>
      <xsl:with-param name="month" select="string-length(substring-before('JanFebMarAprMayJunJulAugSepOctNovDec', $abbr)) div 3 + 1"/>
      <xsl:with-param name="year" select="number(substring($d, 13, 4))"/>
      <xsl:with-param name="time" select="substring($d, 18, 5)"/>
    </xsl:call-template>
  </xsl:template>

  <!-- "2018-05-10T11:48:27+07:00" → "10 พ.ค. 2561 11:48 น." -->
  <xsl:template name="iso-date">
    <xsl:param name="d"/>
    <xsl:call-template name="thai-date">
      <xsl:with-param name="day" select="number(substring($d, 9, 2))"/>
      <xsl:with-param name="month" select="number(substring($d, 6, 2))"/>
      <xsl:with-param name="year" select="number(substring($d, 1, 4))"/>
      <xsl:with-param name="time" select="substring($d, 12, 5)"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template name="thai-date">
    <xsl:param name="day"/><xsl:param name="month"/><xsl:param name="year"/><xsl:param name="time"/>
    <xsl:variable name="months" select="'@MONTHS_ABBR@'"/>
    <xsl:value-of select="concat($day, ' ', normalize-space(substring($months, ($month - 1) * 6 + 1, 6)), ' ', $year + @BE_OFFSET@, ' ', $time, ' น.')"/>
  </xsl:template>
</xsl:stylesheet>
