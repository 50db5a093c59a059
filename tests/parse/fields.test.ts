import { describe, expect, it } from 'vitest';
import { splitAuthors } from '../../src/parse/authors.js';
import { readNote } from '../../src/parse/fields.js';

describe('splitAuthors', () => {
  it.each([
    ['Qassim Abdul-Zahra & Samya Kullab', ['Qassim Abdul-Zahra', 'Samya Kullab']],
    ['Jane Arraf and Eric Schmitt', ['Jane Arraf', 'Eric Schmitt']],
    ['Tara Copp, Jacqueline Feldscher, and Anne Gearan', ['Tara Copp', 'Jacqueline Feldscher', 'Anne Gearan']],
    ['Tara Copp, Jacqueline Feldscher & Anne Gearan', ['Tara Copp', 'Jacqueline Feldscher', 'Anne Gearan']],
    ['Anne Gearan', ['Anne Gearan']],
    ['Abu Mahdi al-Muhandis and Ludwig van Beethoven', ['Abu Mahdi al-Muhandis', 'Ludwig van Beethoven']],
    ['Martin Luther King, Jr.', ['Martin Luther King, Jr.']],
    ['Anne Gearan et al.', ['Anne Gearan']],
    ['U.S. Department of State', ['U.S. Department of State']],
    ['Center for Strategic and International Studies', ['Center for Strategic and International Studies']],
    ['Human Rights Watch', ['Human Rights Watch']],
    ['Abdul-Zahra & Kullab.', ['Abdul-Zahra', 'Kullab']],
    ['', []],
  ])('%s', (field, expected) => {
    expect(splitAuthors(field)).toEqual(expected);
  });
});

describe('readNote', () => {
  it.each([
    {
      name: 'full note with several URLs',
      note: '“Iraq Report,” Reuters, 26/7/2021, accessed on 4/8/2021, at: https://reut.rs/a and https://archive.org/b.',
      form: 'full',
      fields: { title: 'Iraq Report', publisher: 'Reuters', urls: ['https://reut.rs/a', 'https://archive.org/b'] },
    },
    {
      name: 'book with no URL',
      note: 'Anne Gearan, Biden’s Wars (New York: Penguin, 2020), p. 45.',
      form: 'full',
      fields: { authors: ['Anne Gearan'], title: 'Biden’s Wars', publisher: 'Penguin', published: '2020', urls: [], pages: 'p. 45' },
    },
    {
      name: 'interview with a date and no URL',
      note: 'Interview with an Iraqi official, Baghdad, 2/8/2021.',
      form: 'full',
      fields: { authors: [], title: 'Interview with an Iraqi official', published: '2021-08-02', urls: [] },
    },
    {
      name: 'interview without date or URL',
      note: 'Author’s interview with a senior US diplomat.',
      form: 'full',
      fields: { authors: [], title: 'Author’s interview with a senior US diplomat', urls: [] },
    },
    {
      name: 'institution as author',
      note: 'Human Rights Watch, “Iraq: Events of 2020,” 13/1/2021, accessed on 4/8/2021, at: https://www.hrw.org/x',
      form: 'full',
      fields: { authors: ['Human Rights Watch'], title: 'Iraq: Events of 2020', publisher: null, published: '2021-01-13', accessed: '2021-08-04' },
    },
    {
      name: 'month-first text dates',
      note: 'Jane Arraf, “Title,” The New York Times, July 24, 2021, retrieved August 4, 2021, from https://nyti.ms/x',
      form: 'full',
      fields: { publisher: 'The New York Times', published: '2021-07-24', accessed: '2021-08-04' },
    },
    {
      name: 'straight quotation marks around the title',
      note: 'Anne Gearan, "Biden Seeks to End an Era," The Washington Post, 26/7/2021.',
      form: 'full',
      fields: { authors: ['Anne Gearan'], title: 'Biden Seeks to End an Era', publisher: 'The Washington Post' },
    },
    { name: 'Ibid.', note: 'Ibid.', form: 'ibid', fields: { pages: null } },
    { name: 'Ibid., p. 4', note: 'Ibid., p. 4.', form: 'ibid', fields: { pages: 'p. 4' } },
    { name: 'Ibid. with a page range', note: 'Ibid., pp. 12–14.', form: 'ibid', fields: { pages: 'pp. 12–14' } },
    { name: 'Ibid in Arabic', note: 'المرجع نفسه.', form: 'ibid', fields: {} },
    { name: 'short by surname', note: 'Gearan.', form: 'short', fields: { authors: ['Gearan'], title: null } },
    { name: 'short by title', note: '“Joint Statement.”', form: 'short', fields: { authors: [], title: 'Joint Statement' } },
    { name: 'short by author and short title', note: 'Gearan, “Biden, Pulling Combat Forces.”', form: 'short', fields: { authors: ['Gearan'], title: 'Biden, Pulling Combat Forces' } },
    { name: 'short with a page', note: 'Gearan, p. 5.', form: 'short', fields: { authors: ['Gearan'], pages: 'p. 5' } },
    { name: 'op. cit.', note: 'Gearan, op. cit., p. 7.', form: 'short', fields: { authors: ['Gearan'], pages: 'p. 7' } },
    { name: 'short form with “Interview” in its title', note: '“AP Interview.”', form: 'short', fields: { title: 'AP Interview' } },
  ])('$name', ({ note, form, fields }) => {
    const read = readNote(note, 'DMY');
    expect(read.form).toBe(form);
    expect(read.fields).toMatchObject(fields);
  });
});
